import { escapeHtml } from '../../shared/escape-html.ts';
import type { InvoiceStatus } from '../../shared/statuses.ts';

// The email staff send with an invoice attached ("Resend"): what it comes to, what is still due
// and by when, and the link to pay it. HTML and the same words as text. Pure.

export interface InvoiceEmailInput {
  store: string;
  clientName: string;
  number: string;
  status: InvoiceStatus;
  total: string;
  amountDue: string;
  dueDate: string;
  paidOn: string | null;
  link: string;
}

export function renderInvoiceEmail(i: InvoiceEmailInput) {
  const name = i.clientName.trim() || 'there';
  const subject = `Invoice ${i.number} from ${i.store}`;
  const summary =
    i.status === 'paid'
      ? [`Invoice ${i.number} for ${i.total} was paid${i.paidOn ? ` on ${i.paidOn}` : ''}. Thank you.`]
      : i.status === 'void'
        ? [`Invoice ${i.number} for ${i.total} was cancelled: nothing is owed on it.`]
        : // Part paid (account credit): both figures; nothing paid yet: the one.
          i.amountDue === i.total
          ? [`Invoice ${i.number} for ${i.total} is due by ${i.dueDate}.`]
          : [`Invoice ${i.number} comes to ${i.total}; ${i.amountDue} is due by ${i.dueDate}.`];
  const lines = [...summary, 'The invoice is attached as a PDF.'];
  const button = i.status === 'unpaid' ? 'View and pay the invoice' : 'View the invoice';
  const html = [
    `<p>Hello ${escapeHtml(name)},</p>`,
    ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    `<p><a href="${escapeHtml(i.link)}">${button}</a></p>`,
    `<p>${escapeHtml(i.store)}</p>`,
  ].join('\n');
  const text = [`Hello ${name},`, '', ...lines.flatMap((l) => [l, '']), `${button}:`, i.link, '', i.store, ''].join('\n');
  return { subject, html, text };
}
