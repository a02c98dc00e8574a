import type { Job } from 'bullmq';
import type { Orm } from '../src/db/orm.ts';
import { purgeExpiredSessions } from '../src/modules/auth/purge-expired-sessions.ts';
import { JOBS } from '../src/queue/queues.ts';

export function maintenanceProcessor(orm: Orm) {
  return async (job: Job) => {
    if (job.name === JOBS.purgeExpiredSessions) {
      const removed = await purgeExpiredSessions(orm.em.fork(), new Date());
      return { removed };
    }
    throw new Error(`No processor for job "${job.name}" on the maintenance queue.`);
  };
}
