import { UnrecoverableError, type Job } from 'bullmq';
import { provisionService } from '../src/modules/services/provision-service.ts';
import { PermanentFailure } from '../src/modules/shared/errors.ts';
import { JOBS } from '../src/queue/queues.ts';
import type { WorkerContext } from './context.ts';

export function provisioningProcessor(ctx: WorkerContext) {
  return async (job: Job) => {
    if (job.name !== JOBS.provisionService) throw new UnrecoverableError(`No processor for job "${job.name}" on the provisioning queue.`);
    try {
      const key = typeof job.data.outboxKey === 'string' ? job.data.outboxKey : undefined;
      return { result: await provisionService(ctx.orm.em.fork(), Number(job.data.serviceId), ctx.config.APP_SECRET, () => new Date(), key) };
    } catch (err) {
      // Staff see the error on the service page and retry by hand; BullMQ stops here.
      if (err instanceof PermanentFailure) throw new UnrecoverableError(err.message);
      throw err;
    }
  };
}
