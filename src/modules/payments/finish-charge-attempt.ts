import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { ChargeStatus } from './payments.entities.ts';

/**
 * Settles a pending automatic charge attempt from what the gateway reported, in the caller's
 * transaction. The attempt is found by the charge's metadata (invoice and attempt number),
 * which the charge carries from its creation: a run that stopped after Stripe charged but
 * before it wrote the reference still has its attempt settled by the webhook.
 * NOTE: only a pending attempt changes: the job and the webhook can both report the same
 * outcome, and the first one wins.
 */
export async function finishChargeAttempt(
  tx: EntityManager,
  charge: { reference: string; metadata: Record<string, string> | null | undefined },
  outcome: { status: Exclude<ChargeStatus, 'pending'>; message: string | null },
  now: Date,
): Promise<boolean> {
  const invoiceId = Number(charge.metadata?.invoice_id);
  const attempt = Number(charge.metadata?.attempt);
  if (!Number.isSafeInteger(invoiceId) || !Number.isSafeInteger(attempt) || invoiceId <= 0 || attempt <= 0) return false;
  const row = await db(tx)
    .updateTable('charge_attempt')
    .set({ status: outcome.status, reference: charge.reference, message: outcome.message?.slice(0, 500) ?? null, finished_at: now })
    .where('invoice_id', '=', invoiceId)
    .where('attempt', '=', attempt)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
