import type { EntityManager } from '@mikro-orm/postgresql';
import { PasswordToken } from './clients.entities.ts';
import { forgotPasswordInput } from './clients.schemas.ts';
import { issuePasswordToken } from './issue-password-token.ts';
import { RESET_REQUESTS_PER_HOUR } from './rules/password-token.ts';
import { parseInput } from '../shared/validation.ts';
import { db } from '../../db/database.ts';
import { sql } from 'kysely';

/** The advisory lock class of one client's reset requests (the client id is the other half). */
const RESET_REQUESTS = 720_401;

/**
 * "Forgot password": emails a reset link if the account exists. The caller answers the same
 * either way, so the form cannot be used to find out who has an account.
 * NOTE: a few requests an hour per account at most, so the form cannot flood someone's inbox.
 * They are counted under a lock of the client's reset requests: a burst of requests at once each
 * counted the others' tokens as not there yet, and every one sent its email. NOTE: an advisory
 * lock, not the client's row: only reset requests wait on it, never on a payment or a billing
 * run that holds the row.
 */
export async function requestPasswordReset(em: EntityManager, raw: unknown, opts: { now: Date; baseUrl: string }): Promise<void> {
  const { email } = parseInput(forgotPasswordInput, raw);
  await em.transactional(async (tx) => {
    const client = await db(tx).selectFrom('client').select(['id', 'email', 'name']).where('email', '=', email).executeTakeFirst();
    if (!client) return;
    await sql`select pg_advisory_xact_lock(${RESET_REQUESTS}, ${client.id}::int)`.execute(db(tx));
    const since = new Date(opts.now.getTime() - 3600_000);
    const recent = await tx.count(PasswordToken, { client: client.id, purpose: 'reset', createdAt: { $gt: since } });
    if (recent >= RESET_REQUESTS_PER_HOUR) return;
    await issuePasswordToken(tx, client, 'reset', opts);
  });
}
