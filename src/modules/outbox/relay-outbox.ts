import type { EntityManager } from '@mikro-orm/postgresql';

export interface PendingJob {
  id: number;
  queue: string;
  job: string;
  payload: Record<string, unknown>;
  runAt: Date | null;
  createdAt: Date;
}

/**
 * Hands pending outbox rows to `enqueue`, then stamps them enqueued. Rows enqueued longer
 * than `staleMs` ago and still unprocessed are handed over again: Redis may have lost them.
 * NOTE: enqueueing is idempotent (the job id is derived from the row id), so two relays
 * racing, or a crash between enqueue and stamp, cannot run the work twice.
 */
export async function relayOutbox(
  em: EntityManager,
  enqueue: (job: PendingJob) => Promise<void>,
  now: Date,
  opts: { limit?: number; staleMs?: number; onlyNew?: boolean } = {},
): Promise<number> {
  const conn = em.getConnection();
  const stale = opts.onlyNew ? '' : 'or enqueued_at < ?';
  const params = opts.onlyNew ? [opts.limit ?? 200] : [new Date(now.getTime() - (opts.staleMs ?? 5 * 60_000)), opts.limit ?? 200];
  const rows = await conn.execute<{ id: string | number; queue: string; job: string; payload: Record<string, unknown>; run_at: string | Date | null; created_at: string | Date }[]>(
    `select id, queue, job, payload, run_at, created_at from outbox
      where processed_at is null and (enqueued_at is null ${stale})
      order by id limit ?`,
    params,
  );
  let done = 0;
  for (const row of rows) {
    await enqueue({ id: Number(row.id), queue: row.queue, job: row.job, payload: row.payload, runAt: row.run_at ? new Date(row.run_at) : null, createdAt: new Date(row.created_at) });
    await conn.execute('update outbox set enqueued_at = ? where id = ?', [now, row.id]);
    done++;
  }
  return done;
}

export async function markOutboxProcessed(em: EntityManager, dedupeKey: string, now: Date): Promise<void> {
  await em.getConnection().execute('update outbox set processed_at = ? where dedupe_key = ? and processed_at is null', [now, dedupeKey], 'run', em.getTransactionContext());
}
