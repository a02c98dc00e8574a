import type { TagInfo } from '../../mail/rules/template-tags.ts';

// The billing messages a client gets, one per event, and the tags each one may use. Staff may
// word every message per language (message_template); what they did not word is the built-in
// text (default-templates-*.ts). Pure.

export const NOTICE_EVENTS = [
  'invoice_issued',
  'payment_receipt',
  'payment_failed',
  'payment_needs_authentication',
  'invoice_reminder',
  'invoice_overdue',
  'service_suspended',
  'service_unsuspended',
  'service_terminated',
  'cancellation_confirmed',
  'cancellation_withdrawn',
  'refund_issued',
  'package_change_applied',
  'order_cancelled',
] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

export const isNoticeEvent = (v: unknown): v is NoticeEvent => typeof v === 'string' && (NOTICE_EVENTS as readonly string[]).includes(v);

const CLIENT_TAGS: readonly TagInfo[] = [
  { name: 'client.name', description: "The client's name", sample: 'Ada Lovelace' },
  { name: 'client.email', description: "The client's email", sample: 'ada@example.com' },
  { name: 'company.name', description: 'Your company name', sample: 'Hostbill Hosting' },
];

const INVOICE_TAGS: readonly TagInfo[] = [
  { name: 'invoice.number', description: "The invoice's number", sample: 'INV-2026-0042' },
  { name: 'invoice.total', description: 'What the invoice comes to', sample: '29.75 EUR' },
  { name: 'invoice.amount_due', description: 'What is left to pay', sample: '29.75 EUR' },
  { name: 'invoice.due_date', description: 'When it is due', sample: '2026-12-22' },
  { name: 'invoice.pay_url', description: 'The link to view and pay it', sample: 'https://billing.example.com/account/invoices/42' },
];

const SERVICE_TAGS: readonly TagInfo[] = [
  { name: 'service.id', description: 'The service number', sample: '1042' },
  { name: 'package.name', description: "The package's name", sample: 'VPS Small' },
];

const tag = (name: string, description: string, sample: string): TagInfo => ({ name, description, sample });

export interface NoticeEventInfo {
  event: NoticeEvent;
  label: string;
  /** When it is sent, for staff. */
  when: string;
  tags: readonly TagInfo[];
}

const info = (event: NoticeEvent, label: string, when: string, tags: readonly TagInfo[]): NoticeEventInfo => ({
  event,
  label,
  when,
  tags: [...CLIENT_TAGS, ...tags],
});

export const NOTICE_EVENT_INFO: Readonly<Record<NoticeEvent, NoticeEventInfo>> = {
  invoice_issued: info('invoice_issued', 'Invoice issued', 'An invoice is issued with something to pay (its PDF attached).', INVOICE_TAGS),
  payment_receipt: info('payment_receipt', 'Payment receipt', 'An invoice is paid (its PDF attached).', [
    ...INVOICE_TAGS,
    tag('invoice.paid_date', 'When it was paid', '2026-12-20'),
  ]),
  payment_failed: info('payment_failed', 'Card payment failed', 'An automatic charge of a saved card is declined.', [
    ...INVOICE_TAGS,
    tag('card.name', 'The card charged', 'Visa ending 4242'),
    tag('charge.next_step', 'Whether the card is tried again', 'We will try again in a few days.'),
  ]),
  payment_needs_authentication: info(
    'payment_needs_authentication',
    'Card payment needs confirming',
    "The client's bank asks them to confirm an automatic charge.",
    [...INVOICE_TAGS, tag('card.name', 'The card charged', 'Visa ending 4242')],
  ),
  invoice_reminder: info('invoice_reminder', 'Payment reminder', 'An unpaid invoice is due in the days set below.', [
    ...INVOICE_TAGS,
    tag('reminder.days', 'Days until it is due', '3'),
  ]),
  invoice_overdue: info('invoice_overdue', 'Invoice overdue', 'An invoice is still unpaid the days set below after its due date.', [
    ...INVOICE_TAGS,
    tag('reminder.days', 'Days it is overdue', '7'),
  ]),
  service_suspended: info('service_suspended', 'Service suspended', 'A service is suspended (unpaid, disputed or by staff).', SERVICE_TAGS),
  service_unsuspended: info(
    'service_unsuspended',
    'Service active again',
    'A suspended service is active again (its invoice paid, a dispute settled, or by staff).',
    SERVICE_TAGS,
  ),
  service_terminated: info('service_terminated', 'Service terminated', 'A service is terminated.', SERVICE_TAGS),
  cancellation_confirmed: info(
    'cancellation_confirmed',
    'Cancellation confirmed',
    'A service is cancelled, now or at the end of its term (by the client, or by staff for them).',
    [...SERVICE_TAGS, tag('service.end_date', 'The day it ends', '2026-12-31')],
  ),
  cancellation_withdrawn: info(
    'cancellation_withdrawn',
    'Cancellation withdrawn',
    'A service set to end with its term is kept running (by the client, or by staff for them).',
    [...SERVICE_TAGS, tag('service.next_due_date', 'The day it renews', '2026-12-31')],
  ),
  refund_issued: info('refund_issued', 'Refund issued', 'A refund (to the card or to account credit) is done; the credit note attached.', [
    ...INVOICE_TAGS,
    tag('refund.amount', 'The amount refunded', '10.00 EUR'),
    tag('credit_note.number', "The credit note's number", 'CN-2026-0007'),
  ]),
  package_change_applied: info('package_change_applied', 'Package change applied', "A service's upgrade or downgrade takes effect.", [
    ...SERVICE_TAGS,
    tag('package.previous_name', 'The package before', 'VPS Tiny'),
  ]),
  order_cancelled: info('order_cancelled', 'Order cancelled', 'An order is cancelled because it was not paid in time.', [
    ...INVOICE_TAGS,
    tag('order.id', 'The order number', '318'),
  ]),
};
