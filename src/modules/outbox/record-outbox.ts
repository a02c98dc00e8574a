import type { EntityManager } from '@mikro-orm/postgresql';

export interface OutboxEntry {
  queue: string;
  job: string;
  /** Ids only: never secrets or whole records. */
  payload: Record<string, unknown>;
  /** The same work recorded twice (a retried request, a double payment) is one row. */
  dedupeKey: string;
  /** Run no earlier than this. */
  runAt?: Date;
}

/** Records work to run after commit. Call it inside the transaction that makes the work needed. */
export async function recordOutbox(em: EntityManager, entry: OutboxEntry): Promise<void> {
  await em.getConnection().execute(
    `insert into outbox (queue, job, payload, dedupe_key, run_at) values (?, ?, ?, ?, ?) on conflict (dedupe_key) do nothing`,
    [entry.queue, entry.job, JSON.stringify(entry.payload), entry.dedupeKey, entry.runAt ?? null],
    'run',
    em.getTransactionContext(),
  );
}
