import type { Queue } from 'bullmq';
import { JOBS, type QueueName } from '../src/queue/queues.ts';

/**
 * Repeating jobs, registered on every worker boot. upsertJobScheduler is idempotent, so any
 * number of workers starting at once leave exactly one schedule per job.
 */
export async function registerSchedulers(queues: Partial<Record<QueueName, Queue>>) {
  await queues.maintenance?.upsertJobScheduler('purge-expired-sessions', { every: 60 * 60_000 }, { name: JOBS.purgeExpiredSessions, data: {} });
}
