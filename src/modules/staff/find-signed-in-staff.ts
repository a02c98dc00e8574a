import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { cached } from '../../db/cache.ts';
import { db } from '../../db/database.ts';
import { sha256 } from '../shared/tokens.ts';
import type { StaffRole } from './rules/roles.ts';

interface Found {
  csrfToken: string;
  expiresAt: Date;
  staff: { id: number; email: string; name: string; role: StaffRole; twoFactor: boolean } | null;
}

/**
 * The live session for a cookie token and, when it belongs to staff, who they are.
 * NOTE: it runs on every admin request, so it is one round trip (session joined to staff) and
 * cached by the token's hash: a sign-in, sign-out or purge writes `session`, an edit of a staff
 * member writes `staff`, and either drops the entry in every process. Expiry is checked here
 * against `now`, never by the cached query, so an entry cannot outlive its session.
 */
export async function findSignedInStaff(em: EntityManager, token: string, now: Date) {
  if (!token || token.length > 100) return null;
  const hash = sha256(token);
  const found = await cached(em, `session:${hash}`, ['session', 'staff'], async (): Promise<Found | null> => {
    const row = await db(em)
      .selectFrom('session as s')
      // A disabled member's sessions are deleted; the join refuses them too, in case one is left.
      .leftJoin('staff as st', (j) =>
        j.on('s.principal_type', '=', 'staff').onRef('st.id', '=', 's.principal_id').on('st.disabled_at', 'is', null),
      )
      .select([
        's.csrf_token',
        's.expires_at',
        'st.id',
        'st.email',
        'st.name',
        'st.role',
        sql<boolean>`st.totp_secret is not null`.as('two_factor'),
      ])
      .where('s.id', '=', hash)
      .executeTakeFirst();
    if (!row) return null;
    const staff =
      row.id === null || row.email === null || row.name === null || row.role === null
        ? null
        : { id: row.id, email: row.email, name: row.name, role: row.role, twoFactor: row.two_factor };
    return { csrfToken: row.csrf_token, expiresAt: row.expires_at, staff };
  });
  if (!found || found.expiresAt.getTime() <= now.getTime()) return null;
  return { csrfToken: found.csrfToken, staff: found.staff };
}
