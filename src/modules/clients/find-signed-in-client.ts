import type { EntityManager } from '@mikro-orm/postgresql';
import { sha256 } from '../shared/tokens.ts';
import { db } from '../../db/database.ts';

/**
 * The live client session for a cookie token, and who it belongs to.
 * NOTE: one round trip (session joined to client), and only sessions of principal type
 * 'client' count: a staff session token in the client cookie finds nothing.
 */
export async function findSignedInClient(em: EntityManager, token: string, now: Date) {
  if (!token || token.length > 100) return null;
  const row = await db(em)
    .selectFrom('session as s')
    .innerJoin('client as c', 'c.id', 's.principal_id')
    .select(['s.csrf_token', 'c.id', 'c.email', 'c.name', 'c.language'])
    .where('s.id', '=', sha256(token))
    .where('s.principal_type', '=', 'client')
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return null;
  return { csrfToken: row.csrf_token, client: { id: row.id, email: row.email, name: row.name, language: row.language } };
}
