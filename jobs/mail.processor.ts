import { UnrecoverableError } from 'bullmq';
import { NotFound } from '../src/modules/shared/errors.ts';
import { sendMail } from '../src/modules/mail/send-mail.ts';
import { MailsNotSent, sendMailBatch } from '../src/modules/mail/send-mail-batch.ts';
import { queueInvoiceIssued } from '../src/modules/invoicing/queue-invoice-issued.ts';
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
  // Emails handed over together (src/queue/hand-overs.ts): the job is tried again for those not sent.
  async sendMails({ rows }, { ctx }) {
    const { sent, unsent } = await sendMailBatch(() => ctx.orm.em.fork(), ctx.mail, rows, ctx.config.MAIL_FROM);
    if (unsent.length) throw new MailsNotSent(unsent);
    return { sent };
  },
  // Queues the email (once per invoice, by its key) with the outbox row closed in the same
  // transaction; an invoice paid meanwhile gets none: its receipt says it all.
  async invoiceIssued({ invoiceId }, { ctx, done }) {
    const queued = await ctx.orm.em.fork().transactional(async (tx) => {
      const ids = await queueInvoiceIssued(tx, [invoiceId], new Date(), { publicUrl: ctx.config.PUBLIC_URL });
      await done?.(tx);
      return ids;
    });
    return { queued: queued.length };
  },
});
