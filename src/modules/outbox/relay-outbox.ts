import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type ExpressionBuilder } from 'kysely';
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
  /** The job that carried its last hand-over, when that was not its own (several rows in one). */
  carrier: string | null;
}

/** Records which job carries each row (null: the row's own); called before those jobs are added. */
export type RecordCarriers = (rows: readonly { id: number; carrier: string | null }[]) => Promise<void>;

/** What the queue holds of a hand-over the database has not seen finish. */
export type JobState = { state: 'queued' } | { state: 'missing' } | { state: 'completed' } | { state: 'failed'; reason: string; at: Date };

export interface RelayTarget {
  /**
   * Enqueues a batch (in as few round trips as the queue allows). A target that puts several rows
   * in one job says so through `carry` first, so a later sweep asks about that job.
   */
  enqueue(jobs: readonly PendingJob[], carry: RecordCarriers): Promise<void>;
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
 * closed; a job carrying several rows is looked up once, by the id recorded on them). Returns how
 * many rows were enqueued.
 * NOTE: at least once: every enqueue uses a job id derived from the row (or, for a carrying job,
 * its rows) and attempt, so a crash between claim and enqueue adds nothing twice; a row handed
 * over twice all the same (a carrying job regrouped) is harmless because each action checks
 * whether its work is already done.
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
  // Rows carried by one job are asked about once.
  const asked = new Map<string, Promise<JobState>>();
  const inspect = (job: PendingJob) => {
    if (!job.carrier) return target.inspect(job);
    let state = asked.get(job.carrier);
    if (!state) asked.set(job.carrier, (state = target.inspect(job)));
    return state;
  };
  for (const job of stale) {
    const found = await inspect(job);
    if (found.state === 'missing') lost.push(job);
    else if (found.state === 'failed') await recordOutboxFailure(em, job, { reason: found.reason, permanent: false }, found.at);
    // NOTE: a job carrying several rows closes each row it carried as it does its work; one that
    // finished with this row still open never did this row's work, so it is handed over again
    // (its action checks first whether the work is done) rather than closed.
    else if (found.state === 'completed' && job.carrier) lost.push(job);
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
    .returning(['id', 'queue', 'job', 'payload', 'run_at', 'created_at', 'attempt', 'request_id', 'carrier'])
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
      carrier: r.carrier ?? null,
    }))
    .sort((a, b) => a.id - b.id);
}

/** Enqueues claimed rows; if the queue cannot take them (Redis down), gives them back for the next pass. */
async function handOver(em: EntityManager, target: RelayTarget, jobs: readonly PendingJob[]) {
  try {
    await target.enqueue(jobs, (rows) => recordCarriers(em, rows));
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

async function recordCarriers(em: EntityManager, rows: readonly { id: number; carrier: string | null }[]) {
  await sql`
    update outbox o set carrier = r.carrier
      from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.carrier)}::text[]) as r(id, carrier)
     where o.id = r.id`.execute(db(em));
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
