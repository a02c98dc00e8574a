import type { EntityManager } from '@mikro-orm/postgresql';
import type { StaffRole } from './rules/roles.ts';
import { sha256 } from '../shared/tokens.ts';

/**
 * The live session for a cookie token and, when it belongs to staff, who they are.
 * NOTE: one round trip (session joined to staff): it runs on every admin request.
 */
export async function findSignedInStaff(em: EntityManager, token: string, now: Date) {
  if (!token || token.length > 100) return null;
  const rows = await em.getConnection().execute<{ csrf_token: string; id: number | null; email: string; name: string; role: StaffRole }[]>(
    `select s.csrf_token, st.id, st.email, st.name, st.role
       from session s left join staff st on s.principal_type = 'staff' and st.id = s.principal_id
      where s.id = ? and s.expires_at > ?`,
    [sha256(token), now],
  );
  const row = rows[0];
  if (!row) return null;
  return { csrfToken: row.csrf_token, staff: row.id === null ? null : { id: row.id, email: row.email, name: row.name, role: row.role } };
}
