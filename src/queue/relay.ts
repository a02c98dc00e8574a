import type { Queue } from 'bullmq';
import type { Orm } from '../db/orm.ts';
import { relayOutbox, type JobState, type PendingJob, type RelayTarget } from '../modules/outbox/relay-outbox.ts';
import { outboxJobId, REQUEST_ID_FIELD } from './outbox-job-id.ts';
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

/**
 * The payload as the job gets it: with the id of the request that recorded it under
 * REQUEST_ID_FIELD, which the processor takes off again before reading the payload.
 */
function withRequestId(payload: Record<string, unknown>, requestId: string | null) {
  return requestId ? { ...payload, [REQUEST_ID_FIELD]: requestId } : payload;
}

const isQueue = (name: string): name is QueueName => (QUEUE_NAMES as readonly string[]).includes(name);

function queueTarget(queues: Record<QueueName, Queue>): RelayTarget {
  const queueOf = (job: PendingJob) => {
    if (!isQueue(job.queue)) throw new Error(`Outbox row ${job.id} names an unknown queue "${job.queue}".`);
    return queues[job.queue];
  };
  return {
    async enqueue(jobs) {
      // One addBulk per queue: a batch of a thousand rows is a handful of Redis round trips.
      const byQueue = new Map<Queue, PendingJob[]>();
      for (const job of jobs) {
        const queue = queueOf(job);
        const list = byQueue.get(queue) ?? [];
        list.push(job);
        byQueue.set(queue, list);
      }
      for (const [queue, batch] of byQueue) {
        await queue.addBulk(
          batch.map((job) => ({
            name: job.job,
            data: withRequestId(job.payload, job.requestId),
            opts: { jobId: outboxJobId(job), delay: job.runAt ? Math.max(0, job.runAt.getTime() - Date.now()) : undefined },
          })),
        );
      }
    },
    async inspect(job): Promise<JobState> {
      const found = await queueOf(job).getJob(outboxJobId(job));
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
