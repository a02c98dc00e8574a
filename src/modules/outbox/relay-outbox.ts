import type { EntityManager } from '@mikro-orm/postgresql';
import type { ExpressionBuilder } from 'kysely';
import { db, type Database } from '../../db/database.ts';
import { markOutboxDone, recordOutboxFailure } from './outbox-state.ts';

export interface PendingJob {
  id: number;
  queue: string;
  job: string;
  payload: Record<string, unknown>;
  runAt: Date | null;
  createdAt: Date;
  attempt: number;
  /** The request (or job) that recorded it, for the job's log lines. */
  requestId: string | null;
}

/** What the queue holds of a hand-over the database has not seen finish. */
export type JobState = { state: 'queued' } | { state: 'missing' } | { state: 'completed' } | { state: 'failed'; reason: string; at: Date };

export interface RelayTarget {
  /** Enqueues a batch (in as few round trips as the queue allows). */
  enqueue(jobs: readonly PendingJob[]): Promise<void>;
  /** Asked of hand-overs older than `staleMs` that neither finished nor failed. */
  inspect(job: PendingJob): Promise<JobState>;
}

export interface RelayOptions {
  /** Rows claimed per statement. */
  limit?: number;
  /** How long a hand-over may go unfinished before the queue is asked what became of it. */
  staleMs?: number;
  /** How long work whose job gave up waits before it is handed over again. */
  retryMs?: number;
  /** Only rows never handed over (a kick right after a commit), nothing else. */
  onlyNew?: boolean;
}

type Where = (eb: ExpressionBuilder<Database, 'outbox'>) => ReturnType<ExpressionBuilder<Database, 'outbox'>['and']>;

/**
 * One pass of the relay: work that failed long enough ago becomes a new attempt; new work is
 * claimed and enqueued a batch at a time; work handed over long ago and never finished is looked
 * up in the queue (lost: enqueued again; failed: recorded, so it is retried later; finished:
 * closed). Returns how many jobs were enqueued.
 * NOTE: at least once, never twice: every enqueue uses a job id derived from the row and its
 * attempt, so a crash between claim and enqueue adds nothing twice; doing the work twice across
 * attempts is harmless because each action checks whether its work is already done.
 */
export async function relayOutbox(em: EntityManager, target: RelayTarget, now: Date, opts: RelayOptions = {}): Promise<number> {
  const limit = opts.limit ?? 500;
  if (!opts.onlyNew) await redeliverFailed(em, now, opts.retryMs ?? 5 * 60_000);
  let enqueued = 0;
  for (;;) {
    const batch = await claim(em, now, limit, (eb) => eb.and([eb('enqueued_at', 'is', null)]));
    if (batch.length) await handOver(em, target, batch);
    enqueued += batch.length;
    if (batch.length < limit) break;
  }
  if (opts.onlyNew) return enqueued;
  const cutoff = new Date(now.getTime() - (opts.staleMs ?? 5 * 60_000));
  const stale = await claim(em, now, limit, (eb) => eb.and([eb('failed_at', 'is', null), eb('enqueued_at', '<', cutoff)]));
  const lost: PendingJob[] = [];
  for (const job of stale) {
    const found = await target.inspect(job);
    if (found.state === 'missing') lost.push(job);
    else if (found.state === 'failed') await recordOutboxFailure(em, job, { reason: found.reason, permanent: false }, found.at);
    else if (found.state === 'completed') await markOutboxDone(em, job.id, now);
  }
  if (lost.length) await handOver(em, target, lost);
  return enqueued + lost.length;
}

/**
 * Stamps up to `limit` unprocessed rows matching `where` as handed over now, and returns them.
 * NOTE: one UPDATE over a SKIP LOCKED select: relays running at once (a web process's kick, a
 * worker's sweep) claim disjoint rows, so only one relay works a row.
 */
async function claim(em: EntityManager, now: Date, limit: number, where: Where): Promise<PendingJob[]> {
  const rows = await db(em)
    .updateTable('outbox')
    .set({ enqueued_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox')
        .select('id')
        .where('processed_at', 'is', null)
        .where(where)
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'queue', 'job', 'payload', 'run_at', 'created_at', 'attempt', 'request_id'])
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      queue: r.queue,
      job: r.job,
      payload: r.payload,
      runAt: r.run_at,
      createdAt: r.created_at,
      attempt: r.attempt,
      requestId: r.request_id ?? null,
    }))
    .sort((a, b) => a.id - b.id);
}

/** Enqueues claimed rows; if the queue cannot take them (Redis down), gives them back for the next pass. */
async function handOver(em: EntityManager, target: RelayTarget, jobs: readonly PendingJob[]) {
  try {
    await target.enqueue(jobs);
  } catch (err) {
    // NOTE: best effort: if this fails too, the sweep finds them stale and asks the queue.
    await db(em)
      .updateTable('outbox')
      .set({ enqueued_at: null })
      .where(
        'id',
        'in',
        jobs.map((j) => j.id),
      )
      .where('processed_at', 'is', null)
      .execute()
      .catch(() => undefined);
    throw err;
  }
}

/** Work whose job gave up at least `retryMs` ago becomes a new attempt, handed over as new. */
async function redeliverFailed(em: EntityManager, now: Date, retryMs: number) {
  await db(em)
    .updateTable('outbox')
    .set((eb) => ({ attempt: eb('attempt', '+', 1), failed_at: null, enqueued_at: null }))
    .where('processed_at', 'is', null)
    .where('gave_up', '=', false)
    .where('failed_at', '<=', new Date(now.getTime() - retryMs))
    .execute();
}
