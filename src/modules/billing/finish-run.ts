import type { EntityManager } from '@mikro-orm/postgresql';
import type { ExpressionBuilder } from 'kysely';
import { db, type Database } from '../../db/database.ts';
import type { BatchStatus } from './rules/constants.ts';

/**
 * Closes a run once none of its batches is pending: 'failed' if any batch failed, else 'done'.
 * NOTE: callers update the run row first (taking its lock), so of two batches finishing at once
 * the second waits and then sees the first committed; one of them always closes the run.
 */
export async function finishRunIfComplete(tx: EntityManager, runId: number, now: Date): Promise<void> {
  const batch = (eb: ExpressionBuilder<Database & { r: Database['billing_run'] }, 'r'>, status: BatchStatus) =>
    eb.exists(eb.selectFrom('billing_run_batch as b').select('b.id').whereRef('b.run_id', '=', 'r.id').where('b.status', '=', status));
  await db(tx)
    .updateTable('billing_run as r')
    .set((eb) => ({
      finished_at: now,
      status: eb
        .case()
        .when(batch(eb, 'failed'))
        .then('failed' as const)
        .else('done' as const)
        .end(),
    }))
    .where('r.id', '=', runId)
    .where('r.status', '=', 'running')
    .where((eb) => eb.not(batch(eb, 'pending')))
    .execute();
}
