import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { ChargeStatus } from './payments.entities.ts';

/**
 * Settles a pending automatic charge attempt by its gateway reference, in the caller's
 * transaction. NOTE: only a pending attempt changes: the job and the webhook can both report
 * the same outcome, and the first one wins.
 */
export async function finishChargeAttempt(tx: EntityManager, reference: string, outcome: { status: Exclude<ChargeStatus, 'pending'>; message: string | null }, now: Date): Promise<boolean> {
  const row = await db(tx)
    .updateTable('charge_attempt')
    .set({ status: outcome.status, message: outcome.message?.slice(0, 500) ?? null, finished_at: now })
    .where('reference', '=', reference)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
