import type { Job } from 'bullmq';
import { purgeExpiredSessions } from '../src/modules/auth/purge-expired-sessions.ts';
import { JOBS } from '../src/queue/queues.ts';
import type { WorkerContext } from './context.ts';

export function maintenanceProcessor(ctx: WorkerContext) {
  return async (job: Job) => {
    if (job.name === JOBS.purgeExpiredSessions) return { removed: await purgeExpiredSessions(ctx.orm.em.fork(), new Date()) };
    if (job.name === JOBS.relayOutbox) return { relayed: await ctx.relay.sweep() };
    throw new Error(`No processor for job "${job.name}" on the maintenance queue.`);
  };
}
