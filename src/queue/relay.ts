import type { Queue } from 'bullmq';
import type { Orm } from '../db/orm.ts';
import { relayOutbox, type JobState, type PendingJob, type RelayTarget } from '../modules/outbox/relay-outbox.ts';
import { outboxJobId } from './outbox-job-id.ts';
import { handOvers, type HandOver } from './hand-overs.ts';
import { QUEUE_NAMES, type QueueName } from './queues.ts';

export interface Relay {
  /** Enqueue what was just committed; never throws (the sweep catches up if Redis is down). */
  kick(): void;
  /** One pass over pending rows, including ones Redis lost and ones whose job gave up. */
  sweep(now?: Date): Promise<number>;
  idle(): Promise<void>;
}

export interface RelayTiming {
  /** How long work whose job gave up waits before it is handed over again (and how long a hand-over may go unfinished before the queue is asked about it). */
  retryMs?: number;
}

const isQueue = (name: string): name is QueueName => (QUEUE_NAMES as readonly string[]).includes(name);

function queueTarget(queues: Record<QueueName, Queue>): RelayTarget {
  const queueOf = (job: PendingJob) => {
    if (!isQueue(job.queue)) throw new Error(`Outbox row ${job.id} names an unknown queue "${job.queue}".`);
    return queues[job.queue];
  };
  return {
    async enqueue(jobs, carry) {
      const overs = handOvers(jobs, Date.now());
      // One addBulk per queue: a batch of a thousand rows is a handful of Redis round trips.
      const byQueue = Map.groupBy(overs, (over) => queueOf(over.rows[0]!));
      // Which job carries each row, recorded before the job exists: a sweep finding the row
      // unfinished asks about that job. Only changes are written (for a lone row, as a rule none).
      const carrierOf = (o: HandOver) => (o.carrier ? o.jobId : null);
      const changed = overs.flatMap((o) =>
        o.rows.filter((r) => r.carrier !== carrierOf(o)).map((r) => ({ id: r.id, carrier: carrierOf(o) })),
      );
      if (changed.length) await carry(changed);
      for (const [queue, batch] of byQueue) {
        await queue.addBulk(batch.map((o) => ({ name: o.name, data: o.data, opts: { jobId: o.jobId, delay: o.delay } })));
      }
    },
    async inspect(job): Promise<JobState> {
      const found = await queueOf(job).getJob(job.carrier ?? outboxJobId(job));
      if (!found) return { state: 'missing' };
      const state = await found.getState();
      if (state === 'completed') return { state: 'completed' };
      if (state === 'failed')
        return { state: 'failed', reason: found.failedReason || 'The job failed.', at: new Date(found.finishedOn ?? Date.now()) };
      return state === 'unknown' ? { state: 'missing' } : { state: 'queued' };
    },
  };
}

export function createRelay(orm: Orm, queues: Record<QueueName, Queue>, timing: RelayTiming = {}): Relay {
  const target = queueTarget(queues);
  let running: Promise<void> | null = null;
  let again = false;
  const options = { staleMs: timing.retryMs, retryMs: timing.retryMs };
  return {
    kick() {
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        do {
          again = false;
          // Only rows never enqueued: a fresh kick must not re-enqueue work already in Redis.
          await relayOutbox(orm.em.fork(), target, new Date(), { onlyNew: true }).catch(() => undefined);
        } while (again);
      })().finally(() => (running = null));
    },
    sweep: (now = new Date()) => relayOutbox(orm.em.fork(), target, now, options),
    async idle() {
      while (running) await running;
    },
  };
}
