import type { InvoiceStatus } from '../../shared/statuses.ts';

// What staff can do to an invoice from a list row, by its status. Pure.

export const INVOICE_ACTIONS = ['mark-paid', 'void', 'refund', 'resend', 'download'] as const;
export type InvoiceAction = (typeof INVOICE_ACTIONS)[number];

/** In the order a row shows them; support staff (read only) only download. */
export function invoiceActions(status: InvoiceStatus, canWrite: boolean): InvoiceAction[] {
  if (!canWrite || status === 'draft') return ['download'];
  const writes: InvoiceAction[] =
    status === 'unpaid' ? ['mark-paid', 'void', 'resend'] : status === 'paid' ? ['refund', 'resend'] : ['resend'];
  return [...writes, 'download'];
}

/** A draft is not issued yet, so it is not sent to the client. */
export const canResendInvoice = (status: InvoiceStatus) => status !== 'draft';

/** Written by staff by hand (create-manual-invoice.ts): nothing else is bought, started or undone with it. */
export const isHandWritten = (lines: readonly { kind: string }[]) => lines.length > 0 && lines.every((l) => l.kind === 'manual');
