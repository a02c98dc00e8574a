import type { EntityManager } from '@mikro-orm/postgresql';
import { Client, PasswordToken } from './clients.entities.ts';
import { forgotPasswordInput } from './clients.schemas.ts';
import { issuePasswordToken } from './issue-password-token.ts';
import { RESET_REQUESTS_PER_HOUR } from './rules/password-token.ts';
import { parseInput } from '../shared/validation.ts';
import { db } from '../../db/database.ts';

/**
 * "Forgot password": emails a reset link if the account exists. The caller answers the same
 * either way, so the form cannot be used to find out who has an account.
 * NOTE: a few requests an hour per account at most, so the form cannot flood someone's inbox.
 * They are counted under a lock of the client's row: a burst of requests at once each counted
 * the others' tokens as not there yet, and every one sent its email.
 */
export async function requestPasswordReset(em: EntityManager, raw: unknown, opts: { now: Date; baseUrl: string }): Promise<void> {
  const { email } = parseInput(forgotPasswordInput, raw);
  await em.transactional(async (tx) => {
    const found = await db(tx).selectFrom('client').select('id').where('email', '=', email).forNoKeyUpdate().executeTakeFirst();
    if (!found) return;
    const since = new Date(opts.now.getTime() - 3600_000);
    const recent = await tx.count(PasswordToken, { client: found.id, purpose: 'reset', createdAt: { $gt: since } });
    if (recent >= RESET_REQUESTS_PER_HOUR) return;
    const client = await tx.findOneOrFail(Client, { id: found.id });
    await issuePasswordToken(tx, client, 'reset', opts);
  });
}
