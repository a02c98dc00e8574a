import type { NoticeEvent } from './notice-events.ts';

// The built-in English wording: what a client gets until staff word a message themselves.

export interface BuiltInTemplate {
  subject: string;
  /** The text body is made from it (textFromHtml), so the two never say different things. */
  html: string;
}

const hello = '<p>Hello {client.name},</p>';
const bye = '<p>Kind regards,<br>{company.name}</p>';
const button = (label: string) => `<p><a href="{invoice.pay_url}">${label}</a></p>`;

/**
 * Paragraphs as the rich text editor writes them (one block, a blank line between), so a built-in
 * wording opens in the editor rather than as HTML source when staff start from it.
 */
export function asEditorHtml(templates: Record<NoticeEvent, BuiltInTemplate>): Readonly<Record<NoticeEvent, BuiltInTemplate>> {
  const html = (h: string) => `<div>${h.replace(/^<p>|<\/p>$/g, '').replace(/<\/p><p>/g, '<br><br>')}</div>`;
  return Object.fromEntries(Object.entries(templates).map(([event, t]) => [event, { ...t, html: html(t.html) }])) as Record<
    NoticeEvent,
    BuiltInTemplate
  >;
}

export const DEFAULT_TEMPLATES_EN = asEditorHtml({
  invoice_issued: {
    subject: 'Invoice {invoice.number} from {company.name}',
    html: `${hello}<p>Your invoice {invoice.number} comes to {invoice.total}; {invoice.amount_due} is due by {invoice.due_date}.</p><p>The invoice is attached as a PDF.</p>${button('View and pay the invoice')}${bye}`,
  },
  payment_receipt: {
    subject: 'Thank you for your payment: invoice {invoice.number}',
    html: `${hello}<p>We received your payment of {invoice.total} for invoice {invoice.number} on {invoice.paid_date}. Thank you.</p><p>The paid invoice is attached as a PDF.</p>${button('View the invoice')}${bye}`,
  },
  payment_failed: {
    subject: 'We could not charge your card for invoice {invoice.number}',
    html: `${hello}<p>Your bank declined the payment of {invoice.amount_due} for invoice {invoice.number} with your {card.name}.</p><p>{charge.next_step}</p>${button('Open the invoice')}${bye}`,
  },
  payment_needs_authentication: {
    subject: 'Please confirm the payment of invoice {invoice.number}',
    html: `${hello}<p>Your bank asked you to confirm the payment of {invoice.amount_due} for invoice {invoice.number} with your {card.name}.</p><p>Open the invoice and pay it by card: your bank will ask you to confirm it there.</p>${button('Open the invoice')}${bye}`,
  },
  invoice_reminder: {
    subject: 'Reminder: invoice {invoice.number} is due on {invoice.due_date}',
    html: `${hello}<p>A friendly reminder: invoice {invoice.number} over {invoice.amount_due} is due on {invoice.due_date}.</p><p>If you have already paid it, please ignore this email.</p>${button('Pay the invoice')}${bye}`,
  },
  invoice_overdue: {
    subject: 'Invoice {invoice.number} is overdue',
    html: `${hello}<p>Invoice {invoice.number} over {invoice.amount_due} was due on {invoice.due_date} and is still unpaid.</p><p>Please pay it soon to keep your services running.</p>${button('Pay the invoice')}${bye}`,
  },
  service_suspended: {
    subject: 'Your service {package.name} (#{service.id}) is suspended',
    html: `${hello}<p>Your service {package.name} (#{service.id}) has been suspended.</p><p>If it was suspended for an unpaid invoice, paying it brings the service back. Otherwise, please contact us.</p>${bye}`,
  },
  service_unsuspended: {
    subject: 'Your service {package.name} (#{service.id}) is active again',
    html: `${hello}<p>Your service {package.name} (#{service.id}) is no longer suspended and is available again.</p><p>Thank you.</p>${bye}`,
  },
  service_terminated: {
    subject: 'Your service {package.name} (#{service.id}) has ended',
    html: `${hello}<p>Your service {package.name} (#{service.id}) has been terminated and is no longer available.</p><p>If you would like to start again, you are welcome to order a new one.</p>${bye}`,
  },
  cancellation_confirmed: {
    subject: 'Cancellation confirmed: {package.name} (#{service.id})',
    html: `${hello}<p>This confirms the cancellation of {package.name} (#{service.id}). The service ends on {service.end_date} and will not renew.</p><p>Thank you for having been with us.</p>${bye}`,
  },
  cancellation_withdrawn: {
    subject: 'Your service continues: {package.name} (#{service.id})',
    html: `${hello}<p>The cancellation of {package.name} (#{service.id}) has been withdrawn. The service keeps running and renews on {service.next_due_date} as before.</p>${bye}`,
  },
  refund_issued: {
    subject: 'Refund of {refund.amount} for invoice {invoice.number}',
    html: `${hello}<p>We have refunded {refund.amount} on invoice {invoice.number}. The credit note {credit_note.number} is attached as a PDF.</p><p>A refund to your account credit is there at once; one to a card or a bank account can take a few days to show on your statement.</p>${bye}`,
  },
  package_change_applied: {
    subject: 'Your service #{service.id} is now {package.name}',
    html: `${hello}<p>The change of your service #{service.id} from {package.previous_name} to {package.name} has been applied.</p>${bye}`,
  },
  order_cancelled: {
    subject: 'Your order #{order.id} was cancelled',
    html: `${hello}<p>Your order #{order.id} was cancelled because invoice {invoice.number} was not paid in time, and what was reserved for it has been released.</p><p>You are welcome to order again at any time.</p>${bye}`,
  },
});
