import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { currentRequestId } from '../../observability/log.ts';

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

/**
 * Records work to run after commit. Call it inside the transaction that makes the work needed,
 * through the typed producers of src/queue/jobs.ts (they build the entry from the job catalog).
 */
export async function recordOutbox(em: EntityManager, entry: OutboxEntry): Promise<void> {
  await recordOutboxMany(em, [entry]);
}

/** Many rows in one statement (a run's batches, a sweep's plugin calls). */
export async function recordOutboxMany(em: EntityManager, entries: readonly OutboxEntry[]): Promise<void> {
  if (!entries.length) return;
  const requestId = currentRequestId() ?? null;
  await db(em)
    .insertInto('outbox')
    .values(entries.map((e) => ({ queue: e.queue, job: e.job, payload: e.payload, dedupe_key: e.dedupeKey, run_at: e.runAt ?? null, request_id: requestId })))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}
