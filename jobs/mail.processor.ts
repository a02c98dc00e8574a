import { UnrecoverableError } from 'bullmq';
import { NotFound } from '../src/modules/shared/errors.ts';
import { sendMail } from '../src/modules/mail/send-mail.ts';
import { processorFor } from './run-job.ts';

export const mailProcessor = processorFor('mail', {
  async sendMail({ mailId }, { ctx, done }) {
    const result = await sendMail(ctx.orm.em.fork(), ctx.mail, mailId, ctx.config.MAIL_FROM, new Date(), done).catch((err: unknown) => {
      // An attachment whose row is gone can never be rendered: retrying cannot mend it.
      if (err instanceof NotFound) throw new UnrecoverableError(`Mail ${mailId} cannot be sent: ${err.message}`);
      throw err;
    });
    // Another worker holds the lease: retry later, by when it has sent or its lease has lapsed.
    if (result === 'busy') throw new Error(`Mail ${mailId} is being sent by another worker.`);
    if (result === 'missing') throw new UnrecoverableError(`Mail ${mailId} does not exist.`);
    return { result };
  },
});
