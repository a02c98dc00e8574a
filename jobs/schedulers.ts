import type { Queue } from 'bullmq';
import type { Config } from '../src/config.ts';
import { JOB, type JobKey } from '../src/queue/jobs.ts';
import type { QueueName } from '../src/queue/queues.ts';

export interface Schedule {
  queue: QueueName;
  /** The scheduler's id: the job's name. */
  id: string;
  every: number;
  job: string;
}

const every = (k: JobKey, ms: number): Schedule => ({ queue: JOB[k].queue, id: JOB[k].name, every: ms, job: JOB[k].name });

/** The repeating jobs of the queues a worker serves. */
export function schedulesFor(served: readonly QueueName[], config: Pick<Config, 'OUTBOX_SWEEP_MS'>): Schedule[] {
  const all: Schedule[] = [
    // Unpaid orders past their reservation, even if Redis lost their delayed jobs.
    every('expireOrders', 60_000),
    // Renewal invoices: the scan is safe to run any number of times, so hourly costs little.
    every('renewalScan', 60 * 60_000),
    // Overdue suspensions/terminations and end-of-term cancellations; each step is conditional, so reruns change nothing.
    every('lifecycleSweep', 60 * 60_000),
    // Saved cards charged on their invoices' due and retry days; each attempt is claimed and keyed, so reruns charge nothing twice.
    every('chargeSavedCards', 60 * 60_000),
    // Payment reminders and overdue notices; each is keyed by invoice and day, so reruns send nothing twice.
    every('invoiceReminders', 60 * 60_000),
    every('purgeExpiredSessions', 60 * 60_000),
    // Carts a visitor left: kept as long as their cookie lives.
    every('purgeStaleCarts', 60 * 60_000),
    // Outbox rows done long ago: the table holds a row per email and per job ever recorded.
    every('pruneOutbox', 60 * 60_000),
    // The outbox sweep: what the web's relay could not enqueue (Redis down, a crash), what Redis lost, what is due again.
    every('relayOutbox', config.OUTBOX_SWEEP_MS),
  ];
  return all.filter((s) => served.includes(s.queue));
}

const upsert = (queues: Record<QueueName, Queue>, s: Schedule) =>
  queues[s.queue].upsertJobScheduler(s.id, { every: s.every }, { name: s.job, data: {} });

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
export async function restoreSchedulers(
  queues: Record<QueueName, Queue>,
  schedules: readonly Schedule[],
  now = Date.now(),
): Promise<string[]> {
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
