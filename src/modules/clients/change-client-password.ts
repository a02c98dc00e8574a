import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from './clients.entities.ts';
import { changePasswordInput } from './clients.schemas.ts';
import { Session } from '../auth/auth.entities.ts';
import { confirmClientPassword } from './confirm-client-password.ts';
import { hashPassword } from '../auth/password.ts';
import { NotFound } from '../shared/errors.ts';
import { sha256 } from '../shared/tokens.ts';
import { parseInput } from '../shared/validation.ts';

/**
 * Needs the current password (checked and throttled like a sign-in, so a borrowed session
 * cannot guess it), then ends the client's other sessions; the one in use stays.
 */
export async function changeClientPassword(em: EntityManager, clientId: number, raw: unknown, now: Date, currentSessionToken: string) {
  const input = parseInput(changePasswordInput, raw);
  const client = await em.findOne(Client, { id: clientId });
  if (!client) throw new NotFound('That account');
  await confirmClientPassword(em, client, input.currentPassword, now);
  client.passwordHash = await hashPassword(input.password);
  await em.flush();
  await em.nativeDelete(Session, { principalType: 'client', principalId: client.id, id: { $ne: sha256(currentSessionToken) } });
}
