import { UnrecoverableError, type Job } from 'bullmq';
import { expireOrders } from '../src/modules/checkout/expire-orders.ts';
import { JOBS } from '../src/queue/queues.ts';
import type { WorkerContext } from './context.ts';

export function inventoryProcessor(ctx: WorkerContext) {
  return async (job: Job) => {
    const em = ctx.orm.em.fork();
    if (job.name === JOBS.expireOrder) return { cancelled: await expireOrders(em, new Date(), Number(job.data.orderId)) };
    if (job.name === JOBS.expireOrders) return { cancelled: await expireOrders(em, new Date()) };
    throw new UnrecoverableError(`No processor for job "${job.name}" on the inventory queue.`);
  };
}
