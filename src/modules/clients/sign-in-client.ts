import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from './clients.entities.ts';
import { checkCredentials } from '../auth/check-credentials.ts';
import { startSession } from '../auth/start-session.ts';
import { signInInput } from '../staff/staff.schemas.ts';
import { parseInput } from '../shared/validation.ts';

/**
 * Same rules as staff: argon2id, throttled per account (unknown emails too), a new session id.
 * A client staff created has no password until they set one, so it cannot sign in before.
 */
export async function signInClient(em: EntityManager, raw: unknown, now: Date, previousToken?: string) {
  const input = parseInput(signInInput, raw);
  const email = input.email.trim().toLowerCase();
  const client = await em.findOne(Client, { email });
  await checkCredentials(em, `client:${email}`, input.password, client?.passwordHash, now);
  const session = await startSession(em, { type: 'client', id: client!.id }, now, previousToken);
  return { client: client!, ...session };
}
