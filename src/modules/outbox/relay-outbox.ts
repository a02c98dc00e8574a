import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

export interface PendingJob {
  id: number;
  queue: string;
  job: string;
  payload: Record<string, unknown>;
  runAt: Date | null;
  createdAt: Date;
  attempt: number;
}

/** What the queue holds of a hand-over the database has not seen finish. */
export type JobState = { state: 'queued' } | { state: 'missing' } | { state: 'completed' } | { state: 'failed'; reason: string; at: Date };

export interface RelayTarget {
  enqueue(job: PendingJob): Promise<void>;
  /** Asked of hand-overs older than `staleMs` that neither finished nor failed. */
  inspect(job: PendingJob): Promise<JobState>;
}

export interface RelayOptions {
  limit?: number;
  /** How long a hand-over may go unfinished before the queue is asked what became of it. */
  staleMs?: number;
  /** How long work whose job gave up waits before it is handed over again. */
  retryMs?: number;
  /** Only rows never handed over (a kick right after a commit), nothing else. */
  onlyNew?: boolean;
}

type Row = { id: string | number; queue: string; job: string; payload: Record<string, unknown>; run_at: string | Date | null; created_at: string | Date; attempt: number };
const COLUMNS = 'id, queue, job, payload, run_at, created_at, attempt';
const toJob = (r: Row): PendingJob => ({ id: Number(r.id), queue: r.queue, job: r.job, payload: r.payload, runAt: r.run_at ? new Date(r.run_at) : null, createdAt: new Date(r.created_at), attempt: r.attempt });

/**
 * One pass of the relay: work that failed long enough ago becomes a new attempt; new work is
 * enqueued; work handed over long ago and never finished is looked up in the queue (lost:
 * enqueued again; failed: recorded, so it is retried later; finished: closed). Returns how many
 * jobs were enqueued.
 * NOTE: at least once, never twice: every enqueue uses a job id derived from the row and its
 * attempt, so two relays racing, or a crash between enqueue and stamp, add nothing twice;
 * doing the work twice across attempts is harmless because each action checks whether its
 * work is already done.
 */
export async function relayOutbox(em: EntityManager, target: RelayTarget, now: Date, opts: RelayOptions = {}): Promise<number> {
  const conn = em.getConnection();
  const limit = opts.limit ?? 200;
  if (!opts.onlyNew) await redeliverFailed(em, now, opts.retryMs ?? 5 * 60_000);
  const fresh = await conn.execute<Row[]>(`select ${COLUMNS} from outbox where processed_at is null and enqueued_at is null order by id limit ?`, [limit]);
  let enqueued = 0;
  for (const row of fresh) {
    await target.enqueue(toJob(row));
    await conn.execute('update outbox set enqueued_at = ? where id = ? and attempt = ?', [now, row.id, row.attempt]);
    enqueued++;
  }
  if (opts.onlyNew) return enqueued;
  const stale = await conn.execute<Row[]>(
    `select ${COLUMNS} from outbox where processed_at is null and failed_at is null and enqueued_at < ? order by id limit ?`,
    [new Date(now.getTime() - (opts.staleMs ?? 5 * 60_000)), limit],
  );
  for (const row of stale) {
    const job = toJob(row);
    const found = await target.inspect(job);
    if (found.state === 'missing') {
      await target.enqueue(job);
      enqueued++;
    }
    if (found.state === 'failed') {
      await recordOutboxFailure(em, job, { reason: found.reason, permanent: false }, found.at);
    } else if (found.state === 'completed') {
      await markOutboxDone(em, job.id, now);
    } else {
      await conn.execute('update outbox set enqueued_at = ? where id = ? and attempt = ? and failed_at is null', [now, row.id, row.attempt]);
    }
  }
  return enqueued;
}

/** Work whose job gave up at least `retryMs` ago becomes a new attempt, handed over as new. */
async function redeliverFailed(em: EntityManager, now: Date, retryMs: number) {
  await em.getConnection().execute(
    `update outbox set attempt = attempt + 1, failed_at = null, enqueued_at = null
      where processed_at is null and not gave_up and failed_at <= ?`,
    [new Date(now.getTime() - retryMs)],
  );
}

/**
 * Records that an attempt's job stopped retrying. Transient: the sweep hands it over again
 * after a while. Permanent: closed, and left for staff to retry by hand.
 * NOTE: keyed by attempt, so an old attempt failing late never marks a newer one failed.
 */
export async function recordOutboxFailure(em: EntityManager, job: { id: number; attempt: number }, failure: { reason: string; permanent: boolean }, now: Date): Promise<void> {
  await em.getConnection().execute(
    `update outbox set failed_at = ?, last_error = ?, gave_up = ?, processed_at = ?
      where id = ? and attempt = ? and processed_at is null`,
    [now, failure.reason.slice(0, 2000), failure.permanent, failure.permanent ? now : null, job.id, job.attempt],
  );
}

/** A job finished (whichever attempt): the work is done. */
export async function markOutboxDone(em: EntityManager, id: number, now: Date): Promise<void> {
  await db(em).updateTable('outbox').set({ processed_at: now, failed_at: null }).where('id', '=', id).where('processed_at', 'is', null).execute();
}

export async function markOutboxProcessed(em: EntityManager, dedupeKey: string, now: Date): Promise<void> {
  await db(em).updateTable('outbox').set({ processed_at: now, failed_at: null }).where('dedupe_key', '=', dedupeKey).where('processed_at', 'is', null).execute();
}

/**
 * What an action calls inside its own transaction once its work is done, so the outbox row is
 * closed with the work (jobs/run-job.ts passes one for the row the job came from).
 */
export type OutboxDone = (tx: EntityManager) => Promise<void>;

/** Closes the row of this work by its key (an action run outside a job: the CLI, a test). */
export const doneByKey = (key: string, now: Date): OutboxDone => (tx) => markOutboxProcessed(tx, key, now);

/** Closes the very row a job was handed over from. */
export const doneById = (id: number, now: Date): OutboxDone => (tx) => markOutboxDone(tx, id, now);
