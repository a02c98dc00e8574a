import type { InvoiceDetail } from '../load-invoice.ts';
import type { CreditNoteSummary, InvoiceRefunds } from '../load-invoice-refunds.ts';
import { formatAmount, formatMoney, fromDecimalString } from '../../shared/money.ts';
import type { DocumentParty } from './invoice-parties.ts';

// What an invoice or a credit note says on paper, as plain rows: the PDF writer only places them.
// Everything comes from the stored rows (amounts, rate, payments): nothing is computed again, so
// a document printed today says what the invoice said when it was made. Pure.

export type { DocumentParty };

export interface DocumentTable {
  title: string;
  /** The last column is an amount, aligned right. */
  columns: string[];
  rows: string[][];
}

export interface DocumentModel {
  /** "Invoice", "Credit note". */
  title: string;
  number: string;
  /** Across the corner: PAID on a paid invoice, CANCELLED on a void one. */
  stamp: { text: string; tone: 'ok' | 'muted' } | null;
  seller: DocumentParty;
  buyer: DocumentParty;
  facts: [string, string][];
  lines: DocumentTable;
  totals: { label: string; value: string; strong?: boolean }[];
  tables: DocumentTable[];
  notes: string[];
  /** The seller's own words at the foot of every page (bank, terms); empty for none. */
  footer: string;
}

export interface DocumentCreditNote extends CreditNoteSummary {
  invoiceId: number;
  invoiceNumber: string | null;
  currency: string;
  minorUnits: number;
}

/**
 * The number an invoice is known by, on its pages, its PDF and its emails: the one it was issued
 * with, or its id while it is a draft (a draft has no number yet).
 */
export function invoiceNumber(invoice: { id: number; number: string | null }): string {
  return invoice.number ?? `#${invoice.id}`;
}

/** `invoice-12.pdf`, `credit-note-CN-2026-0001.pdf`: only characters every file system and mail program keeps. */
export function documentFilename(kind: 'invoice' | 'credit-note', number: string): string {
  const safe = number.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${kind}-${safe || 'document'}.pdf`;
}

const GATEWAY_NAMES: Record<string, string> = { credit: 'Account credit', manual: 'Bank transfer', test: 'Test gateway', stripe: 'Card (Stripe)', free: 'Nothing to pay' };
const gatewayName = (gateway: string) => GATEWAY_NAMES[gateway] ?? gateway;
const refundedTo = (destination: string, gateway: string) => (destination === 'gateway' ? `Original payment, ${gatewayName(gateway)}` : destination === 'manual' ? 'Bank transfer' : 'Account credit');
const day = (iso: string) => iso.slice(0, 10);
/** "19.0000" as "19%". */
const rate = (r: string) => `${r.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}%`;

/** Article 196 of the EU VAT Directive: the buyer accounts for the VAT. */
export const REVERSE_CHARGE_NOTE = 'Reverse charge: VAT is to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).';

export function invoiceDocument(input: { invoice: InvoiceDetail; refunds: Pick<InvoiceRefunds, 'refunds' | 'creditNotes'>; seller: DocumentParty; buyer: DocumentParty; footer?: string; bankDetails?: string }): DocumentModel {
  const i = input.invoice;
  const total = (amount: string) => formatMoney(fromDecimalString(amount), i.currency, i.minorUnits);
  const line = (amount: string) => `${formatAmount(fromDecimalString(amount))} ${i.currency}`;
  const settled = i.status === 'paid' || i.status === 'void';
  const credit = fromDecimalString(i.creditApplied);
  const succeeded = input.refunds.refunds.filter((r) => r.status === 'succeeded');
  return {
    title: 'Invoice',
    number: invoiceNumber(i),
    stamp: i.status === 'paid' ? { text: 'PAID', tone: 'ok' } : i.status === 'void' ? { text: 'CANCELLED', tone: 'muted' } : null,
    seller: input.seller,
    buyer: input.buyer,
    footer: input.footer ?? '',
    facts: [
      ['Issued', day(i.createdAt)],
      ['Due', i.dueDate],
      ...(i.paidAt ? [['Paid', day(i.paidAt)] as [string, string]] : []),
      ...(i.orderId !== null ? [['Order', `#${i.orderId}`] as [string, string]] : []),
      ['Currency', i.currency],
    ],
    lines: { title: 'Lines', columns: ['Description', 'Amount'], rows: i.lines.map((l) => [l.description, line(l.amount)]) },
    totals: [
      { label: 'Subtotal', value: total(i.subtotal) },
      { label: i.reverseCharge ? 'Tax (0%, reverse charge)' : i.taxRate !== null ? `Tax (${rate(i.taxRate)})` : 'Tax', value: total(i.tax) },
      { label: 'Total', value: total(i.total), strong: true },
      ...(credit !== 0n ? [{ label: 'Credit applied', value: formatMoney(-credit, i.currency, i.minorUnits) }] : []),
      // NOTE: a paid or cancelled invoice owes nothing, whatever total minus credit says.
      { label: 'Amount due', value: settled ? total('0') : total(i.amountDue), strong: true },
    ],
    tables: [
      ...(i.payments.length ? [{ title: 'Payments', columns: ['Date', 'Method', 'Reference', 'Amount'], rows: i.payments.map((p) => [day(p.at), gatewayName(p.gateway), p.reference, total(p.amount)]) }] : []),
      ...(succeeded.length ? [{ title: 'Refunds', columns: ['Date', 'Refunded to', 'Credit note', 'Amount'], rows: succeeded.map((r) => [day(r.at), refundedTo(r.destination, r.gateway), r.creditNoteNumber ?? '', total(r.amount)]) }] : []),
      ...(input.refunds.creditNotes.length ? [{ title: 'Credit notes', columns: ['Number', 'Issued', 'Reason', 'Amount'], rows: input.refunds.creditNotes.map((n) => [n.number, day(n.issuedAt), n.reason, total(n.amount)]) }] : []),
    ],
    notes: [
      ...(i.reverseCharge ? [REVERSE_CHARGE_NOTE] : []),
      ...(i.status === 'void' ? ['This invoice was cancelled: nothing is owed on it.'] : i.status === 'unpaid' ? [`Please pay ${total(i.amountDue)} by ${i.dueDate}.`] : []),
      ...(i.status === 'unpaid' && input.bankDetails ? [`Bank details: ${input.bankDetails.replace(/\s*\r?\n\s*/g, ', ')}`] : []),
    ],
  };
}

export function creditNoteDocument(input: { note: DocumentCreditNote; seller: DocumentParty; buyer: DocumentParty; footer?: string }): DocumentModel {
  const n = input.note;
  const amount = formatMoney(fromDecimalString(n.amount), n.currency, n.minorUnits);
  const invoice = invoiceNumber({ id: n.invoiceId, number: n.invoiceNumber });
  return {
    title: 'Credit note',
    number: n.number,
    stamp: null,
    seller: input.seller,
    buyer: input.buyer,
    footer: input.footer ?? '',
    facts: [
      ['Issued', day(n.issuedAt)],
      ['For invoice', invoice],
      ['Refunded to', refundedTo(n.destination, n.gateway)],
      ['Currency', n.currency],
    ],
    lines: { title: 'Lines', columns: ['Description', 'Amount'], rows: [[n.reason ? `Refund of invoice ${invoice}: ${n.reason}` : `Refund of invoice ${invoice}`, amount]] },
    totals: [{ label: 'Total credited', value: amount, strong: true }],
    tables: [],
    notes: [`This credit note cancels ${amount} of invoice ${invoice}.`],
  };
}
