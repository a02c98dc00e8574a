import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { queueMail } from '../mail/queue-mail.ts';
import { formatMoney, fromDecimalString } from '../shared/money.ts';
import { Conflict } from '../shared/errors.ts';
import { loadDocumentParties } from './load-document-parties.ts';
import { loadInvoice } from './load-invoice.ts';
import { canResendInvoice } from './rules/invoice-actions.ts';
import { invoiceNumber } from './rules/invoice-document.ts';
import { renderInvoiceEmail } from './rules/invoice-email.ts';

/**
 * Staff send an invoice to its client again: a summary, the link to pay it and its PDF, through
 * the mail outbox (sent once, after commit).
 * NOTE: every request is a new email (its own dedupe key), as staff asked for it again; the
 * outbox and the mail job still send each one exactly once.
 */
export async function resendInvoice(
  em: EntityManager,
  invoiceId: number,
  env: { publicUrl: string },
): Promise<{ to: string; mailId: number }> {
  return em.transactional(async (tx) => {
    const i = await loadInvoice(tx, invoiceId);
    if (!canResendInvoice(i.status)) throw new Conflict('A draft invoice is not sent to the client: issue it first.');
    const { seller } = await loadDocumentParties(tx, i);
    const money = (amount: string) => formatMoney(fromDecimalString(amount), i.currency, i.minorUnits);
    const mail = renderInvoiceEmail({
      store: seller.name,
      clientName: i.clientName,
      number: invoiceNumber(i),
      status: i.status,
      total: money(i.total),
      amountDue: money(i.amountDue),
      dueDate: i.dueDate,
      paidOn: i.paidAt?.slice(0, 10) ?? null,
      link: `${env.publicUrl}/account/invoices/${i.id}`,
    });
    const mailId = await queueMail(tx, {
      to: i.clientEmail,
      ...mail,
      clientId: i.clientId,
      kind: 'invoice',
      attachments: [{ kind: 'invoice-pdf', invoiceId: i.id }],
      dedupeKey: `invoice-resend:${i.id}:${randomUUID()}`,
    });
    return { to: i.clientEmail, mailId };
  });
}
