import type { EntityManager } from '@mikro-orm/postgresql';
import { Conflict, NotFound } from '../shared/errors.ts';
import { startBillingRun } from './start-billing-run.ts';
import { db } from '../../db/database.ts';

/**
 * Starts a new run for the same day as `runId` (trigger 'retry', pointing back at it) and marks
 * the old run's failures as retried. Billing is idempotent per period, so the new run bills
 * only what is still unbilled: the failed services once their data is fixed, and anything a
 * failed batch left behind.
 */
export async function retryBillingRun(
  em: EntityManager,
  runId: number,
  actor: string,
  now: Date,
): Promise<{ runId: number; batches: number }> {
  const run = await db(em).selectFrom('billing_run').select(['as_of', 'status']).where('id', '=', runId).executeTakeFirst();
  if (!run) throw new NotFound('That billing run');
  // A run still working would be retried over its own pending batches; wait for it to finish.
  if (run.status === 'running') throw new Conflict('That run is still running; retry it when it has finished.', 'run');
  // One transaction: the new run and the "retried" marks land together or not at all.
  return em.transactional(async (tx) => {
    const started = await startBillingRun(tx, { asOf: run.as_of, trigger: 'retry', actor, retryOfId: runId }, now);
    await db(tx)
      .updateTable('billing_run_failure')
      .set({ retried_at: now })
      .where('run_id', '=', runId)
      .where('retried_at', 'is', null)
      .execute();
    return started;
  });
}
