import type { Queue } from 'bullmq';
import { JOBS, type QueueName } from '../src/queue/queues.ts';

/**
 * Repeating jobs, registered on every worker boot for the queues it serves. upsertJobScheduler
 * is idempotent, so any number of workers starting at once leave one schedule per job.
 */
export async function registerSchedulers(queues: Record<QueueName, Queue>, served: QueueName[]) {
  if (served.includes('inventory')) {
    // Unpaid orders past their reservation, even if Redis lost their delayed jobs.
    await queues.inventory.upsertJobScheduler('expire-orders', { every: 60_000 }, { name: JOBS.expireOrders, data: {} });
  }
  if (served.includes('billing')) {
    // Renewal invoices: the scan is safe to run any number of times, so hourly costs little.
    await queues.billing.upsertJobScheduler('renewal-scan', { every: 60 * 60_000 }, { name: JOBS.renewalScan, data: {} });
    // Overdue suspensions/terminations and end-of-term cancellations; each step is conditional, so reruns change nothing.
    await queues.billing.upsertJobScheduler('lifecycle-sweep', { every: 60 * 60_000 }, { name: JOBS.lifecycleSweep, data: {} });
  }
  if (!served.includes('maintenance')) return;
  await queues.maintenance.upsertJobScheduler('purge-expired-sessions', { every: 60 * 60_000 }, { name: JOBS.purgeExpiredSessions, data: {} });
  // The outbox sweep: whatever the web's relay could not enqueue (Redis down, a crash) goes now.
  await queues.maintenance.upsertJobScheduler('relay-outbox', { every: 15_000 }, { name: JOBS.relayOutbox, data: {} });
}
