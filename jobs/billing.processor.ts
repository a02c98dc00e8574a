import { UnrecoverableError, type Job } from 'bullmq';
import { generateRenewalInvoices } from '../src/modules/billing/generate-renewal-invoices.ts';
import { calendarDateOf } from '../src/modules/shared/dates.ts';
import { JOBS } from '../src/queue/queues.ts';
import type { WorkerContext } from './context.ts';

const MAX_BATCHES = 1000;

export function billingProcessor(ctx: WorkerContext) {
  return async (job: Job) => {
    if (job.name !== JOBS.renewalScan) throw new UnrecoverableError(`No processor for job "${job.name}" on the billing queue.`);
    const today = calendarDateOf(new Date());
    let invoices = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const made = await generateRenewalInvoices(ctx.orm.em.fork(), today);
      invoices += made;
      if (made === 0) break;
    }
    return { invoices };
  };
}
