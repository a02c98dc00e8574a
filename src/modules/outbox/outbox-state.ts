import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type QueryCreator } from 'kysely';
import { db, type Database } from '../../db/database.ts';
import { storedReason } from '../shared/errors.ts';

// How outbox rows end: done (by the job that did the work, in its own transaction when it can),
// or failed (recorded when a job stops retrying, so staff see it and the sweep tries again).

/**
 * Records that an attempt's job stopped retrying. Transient: the sweep hands it over again
 * after a while. Permanent: closed, and left for staff to retry by hand.
 * NOTE: keyed by attempt, so an old attempt failing late never marks a newer one failed.
 */
export async function recordOutboxFailure(
  em: EntityManager,
  job: { id: number; attempt: number },
  failure: { reason: string; permanent: boolean },
  now: Date,
): Promise<void> {
  await recordOutboxFailures(em, [{ ...job, reason: failure.reason }], failure.permanent, now);
}

/** The same for the rows of one job that carried several (src/queue/hand-overs.ts), each with its own reason: one statement. */
export async function recordOutboxFailures(
  em: EntityManager,
  jobs: readonly { id: number; attempt: number; reason: string }[],
  permanent: boolean,
  now: Date,
): Promise<void> {
  if (!jobs.length) return;
  await sql`
    update outbox o
       set failed_at = ${now}, last_error = r.reason, gave_up = ${permanent}, processed_at = ${permanent ? now : null}::timestamptz
      from unnest(${jobs.map((j) => j.id)}::bigint[], ${jobs.map((j) => j.attempt)}::int[], ${jobs.map((j) => storedReason(j.reason))}::text[])
           as r(id, attempt, reason)
     where o.id = r.id and o.attempt = r.attempt and o.processed_at is null`.execute(db(em));
}

/** A job finished (whichever attempt): the work is done. */
export async function markOutboxDone(em: EntityManager, id: number, now: Date): Promise<void> {
  await db(em)
    .updateTable('outbox')
    .set({ processed_at: now, failed_at: null })
    .where('id', '=', id)
    .where('processed_at', 'is', null)
    .execute();
}

export async function markOutboxProcessed(em: EntityManager, dedupeKey: string, now: Date): Promise<void> {
  await db(em)
    .updateTable('outbox')
    .set({ processed_at: now, failed_at: null })
    .where('dedupe_key', '=', dedupeKey)
    .where('processed_at', 'is', null)
    .execute();
}

/**
 * What an action calls inside its own transaction once its work is done, so the outbox row is
 * closed with the work (jobs/run-job.ts passes one for the row the job came from). `row` and
 * `at` let an action whose last write is one statement close the row in that same statement
 * (closeOutboxIn), with no transaction around two.
 */
export interface OutboxDone {
  (tx: EntityManager): Promise<void>;
  readonly row: { id: number } | { key: string };
  readonly at: Date;
  /** Set once the action has closed the row, so nothing needs to close it again. */
  used: boolean;
}

function outboxDone(row: OutboxDone['row'], at: Date, close: (tx: EntityManager) => Promise<void>): OutboxDone {
  const done: OutboxDone = Object.assign(
    async (tx: EntityManager) => {
      await close(tx);
      done.used = true;
    },
    { row, at, used: false },
  );
  return done;
}

/** Closes the row of this work by its key (an action run outside a job: the CLI, a test). */
export const doneByKey = (key: string, now: Date): OutboxDone => outboxDone({ key }, now, (tx) => markOutboxProcessed(tx, key, now));

/** Closes the very row a job was handed over from. */
export const doneById = (id: number, now: Date): OutboxDone => outboxDone({ id }, now, (tx) => markOutboxDone(tx, id, now));

/**
 * The UPDATE that closes `done`'s row, on a query creator that may carry the action's own
 * write as a CTE: `closeOutboxIn(q.with('sent', (w) => w.updateTable(...)), done).execute()`
 * runs both as one statement. NOTE: PostgreSQL runs a data-modifying CTE whether or not the
 * main statement reads it, and the statement commits or fails as a whole.
 */
export function closeOutboxIn<DB extends Database>(qc: QueryCreator<DB>, done: OutboxDone) {
  const q = qc as unknown as QueryCreator<Database>;
  // The caller runs it; if that fails, so does the job, and nobody reads `used`.
  done.used = true;
  const update = q.updateTable('outbox').set({ processed_at: done.at, failed_at: null }).where('processed_at', 'is', null);
  return 'id' in done.row ? update.where('id', '=', done.row.id) : update.where('dedupe_key', '=', done.row.key);
}
