import { UnrecoverableError, type Job } from 'bullmq';
import { processRenewalBatch } from '../src/modules/billing/process-renewal-batch.ts';
import { startBillingRun } from '../src/modules/billing/start-billing-run.ts';
import { runLifecycleSweep } from '../src/modules/services/run-lifecycle-sweep.ts';
import { voidStaleServiceChanges } from '../src/modules/scaling/void-stale-service-changes.ts';
import { calendarDateOf } from '../src/modules/shared/dates.ts';
import { JOBS } from '../src/queue/queues.ts';
import type { WorkerContext } from './context.ts';

export function billingProcessor(ctx: WorkerContext) {
  return async (job: Job) => {
    const now = new Date();
    const em = ctx.orm.em.fork();
    if (job.name === JOBS.renewalScan) return startBillingRun(em, { asOf: calendarDateOf(now), trigger: 'schedule' }, now);
    if (job.name === JOBS.renewalBatch) return processRenewalBatch(em, Number(job.data.batchId), now);
    if (job.name === JOBS.lifecycleSweep) {
      const today = calendarDateOf(now);
      return { ...(await runLifecycleSweep(em, today, now)), staleChanges: await voidStaleServiceChanges(em, today, now) };
    }
    throw new UnrecoverableError(`No processor for job "${job.name}" on the billing queue.`);
  };
}
