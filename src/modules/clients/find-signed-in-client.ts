import type { EntityManager } from '@mikro-orm/postgresql';
import { sha256 } from '../shared/tokens.ts';

/**
 * The live client session for a cookie token, and who it belongs to.
 * NOTE: one round trip (session joined to client), and only sessions of principal type
 * 'client' count: a staff session token in the client cookie finds nothing.
 */
export async function findSignedInClient(em: EntityManager, token: string, now: Date) {
  if (!token || token.length > 100) return null;
  const rows = await em.getConnection().execute<{ csrf_token: string; id: number; email: string; name: string }[]>(
    `select s.csrf_token, c.id, c.email, c.name
       from session s join client c on c.id = s.principal_id
      where s.id = ? and s.principal_type = 'client' and s.expires_at > ?`,
    [sha256(token), now],
  );
  const row = rows[0];
  if (!row) return null;
  return { csrfToken: row.csrf_token, client: { id: row.id, email: row.email, name: row.name } };
}
