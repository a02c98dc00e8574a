import type { Queue } from 'bullmq';
import type { Orm } from '../db/orm.ts';
import { relayOutbox, type PendingJob } from '../modules/outbox/relay-outbox.ts';
import { QUEUE_NAMES, type QueueName } from './queues.ts';

export interface Relay {
  /** Enqueue what was just committed; never throws (the sweep catches up if Redis is down). */
  kick(): void;
  /** One pass over pending rows, including ones Redis may have lost. */
  sweep(now?: Date): Promise<number>;
  idle(): Promise<void>;
}

const isQueue = (name: string): name is QueueName => (QUEUE_NAMES as readonly string[]).includes(name);

/**
 * NOTE: the job id comes from the outbox row (its id and creation time), so BullMQ ignores a
 * second add of the same work, while a database restored or reset under the same Redis never
 * collides with jobs left from the old one.
 */
export function createRelay(orm: Orm, queues: Record<QueueName, Queue>): Relay {
  const enqueue = async (job: PendingJob) => {
    if (!isQueue(job.queue)) throw new Error(`Outbox row ${job.id} names an unknown queue "${job.queue}".`);
    const delay = job.runAt ? Math.max(0, job.runAt.getTime() - Date.now()) : undefined;
    await queues[job.queue].add(job.job, job.payload, { jobId: `ob-${job.id}-${job.createdAt.getTime()}`, delay });
  };
  let running: Promise<void> | null = null;
  let again = false;
  const pass = async (now: Date, onlyNew = false) => relayOutbox(orm.em.fork(), enqueue, now, { onlyNew });
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
          await pass(new Date(), true).catch(() => undefined);
        } while (again);
      })().finally(() => (running = null));
    },
    sweep: (now = new Date()) => pass(now),
    async idle() {
      while (running) await running;
    },
  };
}
