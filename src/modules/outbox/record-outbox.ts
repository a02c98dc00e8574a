import { AsyncLocalStorage } from 'node:async_hooks';
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

// Whether a piece of work (a job) recorded outbox rows, so the relay is kicked after jobs that
// did and not after the many that did not (a sent email records nothing).
const watching = new AsyncLocalStorage<{ recorded: boolean }>();

/** Runs `fn`, and says whether it recorded any outbox row (committed or not: a kick finding nothing is harmless). */
export async function watchOutboxWrites<T>(fn: () => Promise<T>): Promise<{ value: T; recorded: boolean }> {
  const seen = { recorded: false };
  const value = await watching.run(seen, fn);
  return { value, recorded: seen.recorded };
}

/** For a statement that writes outbox rows by itself (queueMail's one-statement insert). */
export function noteOutboxRecorded(): void {
  const seen = watching.getStore();
  if (seen) seen.recorded = true;
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
  await db(em)
    .insertInto('outbox')
    .values(outboxRows(entries))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/**
 * The outbox rows of `entries`, for a caller inserting them inside a statement of its own (as a
 * CTE beside its other writes), with ON CONFLICT (dedupe_key) DO NOTHING as recordOutboxMany.
 */
export function outboxRows(entries: readonly OutboxEntry[]) {
  noteOutboxRecorded();
  const requestId = currentRequestId() ?? null;
  return entries.map((e) => ({
    queue: e.queue,
    job: e.job,
    payload: e.payload,
    dedupe_key: e.dedupeKey,
    run_at: e.runAt ?? null,
    request_id: requestId,
  }));
}
