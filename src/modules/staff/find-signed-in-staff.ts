import type { EntityManager } from '@mikro-orm/postgresql';
import { sha256 } from '../shared/tokens.ts';
import { db } from '../../db/database.ts';

/**
 * The live session for a cookie token and, when it belongs to staff, who they are.
 * NOTE: one round trip (session joined to staff): it runs on every admin request.
 */
export async function findSignedInStaff(em: EntityManager, token: string, now: Date) {
  if (!token || token.length > 100) return null;
  const row = await db(em)
    .selectFrom('session as s')
    .leftJoin('staff as st', (j) => j.on('s.principal_type', '=', 'staff').onRef('st.id', '=', 's.principal_id'))
    .select(['s.csrf_token', 'st.id', 'st.email', 'st.name', 'st.role'])
    .where('s.id', '=', sha256(token))
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return null;
  const staff = row.id === null || row.email === null || row.name === null || row.role === null ? null : { id: row.id, email: row.email, name: row.name, role: row.role };
  return { csrfToken: row.csrf_token, staff };
}
