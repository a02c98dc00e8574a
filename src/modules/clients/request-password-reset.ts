import type { EntityManager } from '@mikro-orm/postgresql';
import { Client, PasswordToken } from './clients.entities.ts';
import { forgotPasswordInput } from './clients.schemas.ts';
import { issuePasswordToken } from './issue-password-token.ts';
import { RESET_REQUESTS_PER_HOUR } from './rules/password-token.ts';
import { parseInput } from '../shared/validation.ts';

/**
 * "Forgot password": emails a reset link if the account exists. The caller answers the same
 * either way, so the form cannot be used to find out who has an account.
 * NOTE: a few requests an hour per account at most, so the form cannot flood someone's inbox.
 */
export async function requestPasswordReset(em: EntityManager, raw: unknown, opts: { now: Date; baseUrl: string }): Promise<void> {
  const { email } = parseInput(forgotPasswordInput, raw);
  const client = await em.findOne(Client, { email });
  if (!client) return;
  const since = new Date(opts.now.getTime() - 3600_000);
  const recent = await em.count(PasswordToken, { client: client.id, purpose: 'reset', createdAt: { $gt: since } });
  if (recent >= RESET_REQUESTS_PER_HOUR) return;
  await em.transactional((tx) => issuePasswordToken(tx, client, 'reset', opts));
}
