import type { Queue } from 'bullmq';
import type { Config } from '../src/config.ts';
import { JOBS, type QueueName } from '../src/queue/queues.ts';

export interface Schedule {
  queue: QueueName;
  id: string;
  every: number;
  job: string;
}

/** The repeating jobs of the queues a worker serves. */
export function schedulesFor(served: readonly QueueName[], config: Pick<Config, 'OUTBOX_SWEEP_MS'>): Schedule[] {
  const all: Schedule[] = [
    // Unpaid orders past their reservation, even if Redis lost their delayed jobs.
    { queue: 'inventory', id: 'expire-orders', every: 60_000, job: JOBS.expireOrders },
    // Renewal invoices: the scan is safe to run any number of times, so hourly costs little.
    { queue: 'billing', id: 'renewal-scan', every: 60 * 60_000, job: JOBS.renewalScan },
    // Overdue suspensions/terminations and end-of-term cancellations; each step is conditional, so reruns change nothing.
    { queue: 'billing', id: 'lifecycle-sweep', every: 60 * 60_000, job: JOBS.lifecycleSweep },
    { queue: 'maintenance', id: 'purge-expired-sessions', every: 60 * 60_000, job: JOBS.purgeExpiredSessions },
    // The outbox sweep: what the web's relay could not enqueue (Redis down, a crash), what Redis lost, what is due again.
    { queue: 'maintenance', id: 'relay-outbox', every: config.OUTBOX_SWEEP_MS, job: JOBS.relayOutbox },
  ];
  return all.filter((s) => served.includes(s.queue));
}

const upsert = (queues: Record<QueueName, Queue>, s: Schedule) => queues[s.queue].upsertJobScheduler(s.id, { every: s.every }, { name: s.job, data: {} });

/**
 * Registered on every worker boot. upsertJobScheduler is idempotent, so any number of workers
 * starting at once leave one schedule per job, and a changed interval takes effect.
 */
export async function registerSchedulers(queues: Record<QueueName, Queue>, schedules: readonly Schedule[]) {
  for (const s of schedules) await upsert(queues, s);
}

/**
 * Registers again the schedules Redis no longer holds (flushed, failed over to an empty
 * replica) or whose next run never came, and returns their ids.
 * NOTE: only missing or stuck ones: re-registering a healthy schedule is harmless but costs a
 * write per worker per check.
 */
export async function restoreSchedulers(queues: Record<QueueName, Queue>, schedules: readonly Schedule[], now = Date.now()): Promise<string[]> {
  const restored: string[] = [];
  for (const s of schedules) {
    const found = await queues[s.queue].getJobScheduler(s.id);
    const stuck = found?.next != null && found.next < now - 2 * Math.max(s.every, 60_000);
    if (found && !stuck) continue;
    await upsert(queues, s);
    restored.push(s.id);
  }
  return restored;
}
