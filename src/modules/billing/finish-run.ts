import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Closes a run once none of its batches is pending: 'failed' if any batch failed, else 'done'.
 * NOTE: callers update the run row first (taking its lock), so of two batches finishing at once
 * the second waits and then sees the first committed; one of them always closes the run.
 */
export async function finishRunIfComplete(tx: EntityManager, runId: number, now: Date): Promise<void> {
  await tx.getConnection().execute(
    `update billing_run r set finished_at = ?,
            status = case when exists (select 1 from billing_run_batch b where b.run_id = r.id and b.status = 'failed') then 'failed' else 'done' end
      where r.id = ? and r.status = 'running'
        and not exists (select 1 from billing_run_batch b where b.run_id = r.id and b.status = 'pending')`,
    [now, runId],
    'run',
    tx.getTransactionContext(),
  );
}
