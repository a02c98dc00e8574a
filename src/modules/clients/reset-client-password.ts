import type { EntityManager } from '@mikro-orm/postgresql';
import { Client, PasswordToken } from './clients.entities.ts';
import { resetPasswordInput } from './clients.schemas.ts';
import { tokenProblem } from './rules/password-token.ts';
import { LoginThrottle, Session } from '../auth/auth.entities.ts';
import { hashPassword } from '../auth/password.ts';
import { startSession } from '../auth/start-session.ts';
import { DomainError } from '../shared/errors.ts';
import { sha256 } from '../shared/tokens.ts';
import { parseInput } from '../shared/validation.ts';
import { db } from '../../db/database.ts';

/**
 * Sets a new password from a reset (or first set-up) link, signs the client in, and ends
 * every other session of theirs.
 * NOTE: one conditional UPDATE claims the token, so the same link submitted twice at once
 * changes the password once; the other request is told the link was used.
 */
export async function resetClientPassword(em: EntityManager, raw: unknown, now: Date, previousToken?: string) {
  const input = parseInput(resetPasswordInput, raw);
  const tokenHash = sha256(input.token);
  const passwordHash = await hashPassword(input.password);
  return em.transactional(async (tx) => {
    const claimed = await db(tx)
      .updateTable('password_token')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('client_id')
      .executeTakeFirst();
    if (!claimed) {
      const row = await tx.findOne(PasswordToken, { tokenHash });
      throw new DomainError(tokenProblem(row, now) ?? 'That link has already been used. Ask for a new one below.', 'token');
    }
    const client = await tx.findOneOrFail(Client, { id: claimed.client_id });
    client.passwordHash = passwordHash;
    // Other links sent earlier die with this one; so do the sessions the old password opened.
    await tx.nativeUpdate(PasswordToken, { client: client.id, usedAt: null }, { usedAt: now });
    await tx.nativeDelete(Session, { principalType: 'client', principalId: client.id });
    await tx.nativeDelete(LoginThrottle, { key: `client:${client.email}` });
    await tx.flush();
    const session = await startSession(tx, { type: 'client', id: client.id }, now, previousToken);
    return { client, ...session };
  });
}
