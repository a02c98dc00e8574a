import { UnrecoverableError } from 'bullmq';
import { provisionService } from '../src/modules/provisioning/provision-service.ts';
import { runServiceAction } from '../src/modules/provisioning/run-service-action.ts';
import { PermanentFailure } from '../src/modules/shared/errors.ts';
import { processorFor } from './run-job.ts';

export const provisioningProcessor = processorFor('provisioning', {
  async serviceAction(payload, { ctx, done }) {
    return { result: await runServiceAction(ctx.orm.em.fork(), payload, ctx.config.APP_SECRET, new Date(), done) };
  },
  async provisionService({ serviceId }, { ctx, done }) {
    try {
      return { result: await provisionService(ctx.orm.em.fork(), serviceId, ctx.config.APP_SECRET, () => new Date(), done) };
    } catch (err) {
      // Staff see the error on the service page and retry by hand; BullMQ stops here.
      if (err instanceof PermanentFailure) throw new UnrecoverableError(err.message);
      throw err;
    }
  },
});
