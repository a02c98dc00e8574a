import { UnrecoverableError, type Job } from 'bullmq';
import { sendMail } from '../src/modules/mail/send-mail.ts';
import { JOBS } from '../src/queue/queues.ts';
import type { WorkerContext } from './context.ts';

export function mailProcessor(ctx: WorkerContext) {
  return async (job: Job) => {
    if (job.name !== JOBS.sendMail) throw new UnrecoverableError(`No processor for job "${job.name}" on the mail queue.`);
    const result = await sendMail(ctx.orm.em.fork(), ctx.mail, Number(job.data.mailId), ctx.config.MAIL_FROM, new Date());
    // Another worker holds the lease: retry later, by when it has sent or its lease has lapsed.
    if (result === 'busy') throw new Error(`Mail ${job.data.mailId} is being sent by another worker.`);
    if (result === 'missing') throw new UnrecoverableError(`Mail ${job.data.mailId} does not exist.`);
    return { result };
  };
}
