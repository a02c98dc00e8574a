import { UnrecoverableError, type Job } from 'bullmq';
import { provisionService } from '../src/modules/provisioning/provision-service.ts';
import { runServiceAction } from '../src/modules/provisioning/run-service-action.ts';
import { PermanentFailure } from '../src/modules/shared/errors.ts';
import { JOBS } from '../src/queue/queues.ts';
import type { WorkerContext } from './context.ts';

export function provisioningProcessor(ctx: WorkerContext) {
  return async (job: Job) => {
    if (job.name === JOBS.serviceAction) {
      const key = typeof job.data.outboxKey === 'string' ? job.data.outboxKey : `service-action:${job.id}`;
      const { serviceId, verb, changeId } = job.data as { serviceId: number; verb: string; changeId?: number };
      return { result: await runServiceAction(ctx.orm.em.fork(), { serviceId: Number(serviceId), verb, changeId, key }, ctx.config.APP_SECRET, new Date()) };
    }
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
