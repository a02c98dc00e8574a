import type { InvoiceDetail } from '../load-invoice.ts';
import type { CreditNoteSummary, InvoiceRefunds } from '../load-invoice-refunds.ts';
import { fromDecimalString, mulDiv, roundToMinor, sum, toDecimalString } from '../../shared/money.ts';
import { translator, type UiLanguage } from '../../../i18n/i18n.ts';
import { formatDateIn, formatMoneyIn } from '../../../i18n/format.ts';
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
  /** "BILL TO" above the buyer, and each page's "Invoice INV-… · Page 1 of 2", in the document's language. */
  billTo: string;
  pageLabel: (page: number, count: number) => string;
}

export interface DocumentCreditNote extends CreditNoteSummary {
  invoiceId: number;
  invoiceNumber: string | null;
  currency: string;
  minorUnits: number;
  /** The corrected invoice's tax, as it was issued: the credit carries the same share of it. */
  invoiceTax: { total: string; tax: string; taxRate: string | null; reverseCharge: boolean };
}

/**
 * The tax in a credit of `amount` against an invoice: the invoice's share of tax in its total
 * (a refund of part of an invoice gives back that part of its net and of its tax), rounded to
 * the currency's smallest unit; the net is the rest, so the two always add up to the credit.
 */
export function creditNoteTax(amount: string, invoice: { total: string; tax: string }, minorUnits: number): bigint {
  const total = fromDecimalString(invoice.total);
  if (total === 0n) return 0n;
  return roundToMinor(mulDiv(fromDecimalString(amount), fromDecimalString(invoice.tax), total), minorUnits);
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

/** The words and formats of one language, for a document. */
function wording(language: UiLanguage) {
  const tr = translator(language);
  const t = (key: string, values?: Record<string, unknown>) => tr(`documents:${key}`, values);
  return {
    t,
    day: (iso: string) => formatDateIn(language, iso),
    money: (amount: string | bigint, currency: string, minorUnits: number) =>
      formatMoneyIn(language, typeof amount === 'bigint' ? amount : fromDecimalString(amount), currency, minorUnits),
    /** A line keeps the decimals it carries (up to 4), grouped as the totals under it are ("1,500.00", "23.2258"). */
    line: (amount: string, currency: string, minorUnits: number) => {
      const units = fromDecimalString(amount);
      const carried = (toDecimalString(units).split('.')[1] ?? '').replace(/0+$/, '').length;
      return formatMoneyIn(language, units, currency, Math.max(minorUnits, carried));
    },
    gateway: (gateway: string) => (GATEWAYS.has(gateway) ? t(`gateway.${gateway}`) : gateway),
  };
}
type Wording = ReturnType<typeof wording>;

const GATEWAYS = new Set(['credit', 'manual', 'test', 'stripe', 'free']);
const refundedTo = (w: Wording, destination: string, gateway: string) =>
  destination === 'gateway'
    ? w.t('refundedTo.gateway', { gateway: w.gateway(gateway) })
    : w.t(`refundedTo.${destination === 'manual' ? 'manual' : 'credit'}`);
/** "19.0000" as "19%". */
const rate = (r: string) => `${r.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}%`;

/**
 * What the tax was worked out on when only some lines are taxed (an invoice written by hand,
 * an untaxed package beside a taxed one): their sum, rounded as the tax base was (tax.ts), so the
 * reader can check the tax; null when every line or none is taxed, or there is no rate.
 */
export function partlyTaxedBase(
  lines: readonly { amount: string; taxable: boolean }[],
  taxRate: string | null,
  minorUnits: number,
): string | null {
  if (taxRate === null) return null;
  const taxed = lines.filter((l) => l.taxable);
  if (!taxed.length || taxed.length === lines.length) return null;
  return toDecimalString(roundToMinor(sum(taxed.map((l) => fromDecimalString(l.amount))), minorUnits));
}

/** Article 196 of the EU VAT Directive: the buyer accounts for the VAT (in English). */
export const REVERSE_CHARGE_NOTE = translator('en')('documents:notes.reverseCharge');

export function invoiceDocument(input: {
  invoice: InvoiceDetail;
  refunds: Pick<InvoiceRefunds, 'refunds' | 'creditNotes'>;
  seller: DocumentParty;
  buyer: DocumentParty;
  footer?: string;
  bankDetails?: string;
  language?: UiLanguage;
}): DocumentModel {
  const i = input.invoice;
  const w = wording(input.language ?? 'en');
  const { t, day } = w;
  const total = (amount: string | bigint) => w.money(amount, i.currency, i.minorUnits);
  const line = (amount: string) => w.line(amount, i.currency, i.minorUnits);
  const settled = i.status === 'paid' || i.status === 'void';
  const credit = fromDecimalString(i.creditApplied);
  const succeeded = input.refunds.refunds.filter((r) => r.status === 'succeeded');
  const title = t('invoice');
  const taxBase = partlyTaxedBase(i.lines, i.taxRate, i.minorUnits);
  return {
    title,
    number: invoiceNumber(i),
    stamp:
      i.status === 'paid'
        ? { text: t('stamp.paid'), tone: 'ok' }
        : i.status === 'void'
          ? { text: t('stamp.cancelled'), tone: 'muted' }
          : null,
    seller: input.seller,
    buyer: input.buyer,
    footer: input.footer ?? '',
    billTo: t('billTo'),
    pageLabel: (page, count) => t('page', { title: `${title} ${invoiceNumber(i)}`, page, count }),
    facts: [
      [t('facts.issued'), day(i.createdAt)],
      [t('facts.due'), day(i.dueDate)],
      ...(i.paidAt ? [[t('facts.paid'), day(i.paidAt)] as [string, string]] : []),
      ...(i.orderId !== null ? [[t('facts.order'), `#${i.orderId}`] as [string, string]] : []),
      [t('facts.currency'), i.currency],
    ],
    lines: {
      title: t('lines.title'),
      columns: [t('lines.description'), t('lines.amount')],
      rows: i.lines.map((l) => [l.description, line(l.amount)]),
    },
    totals: [
      { label: t('totals.subtotal'), value: total(i.subtotal) },
      {
        label: i.reverseCharge
          ? t('totals.reverseCharge')
          : i.taxRate !== null
            ? taxBase !== null
              ? t('totals.taxAtOn', { rate: rate(i.taxRate), base: total(taxBase) })
              : t('totals.taxAt', { rate: rate(i.taxRate) })
            : t('totals.tax'),
        value: total(i.tax),
      },
      { label: t('totals.total'), value: total(i.total), strong: true },
      ...(credit !== 0n ? [{ label: t('totals.creditApplied'), value: total(-credit) }] : []),
      // NOTE: a paid or cancelled invoice owes nothing, whatever total minus credit says.
      { label: t('totals.amountDue'), value: settled ? total('0') : total(i.amountDue), strong: true },
    ],
    tables: [
      ...(i.payments.length
        ? [
            {
              title: t('tables.payments'),
              columns: [t('tables.date'), t('tables.method'), t('tables.reference'), t('tables.amount')],
              rows: i.payments.map((p) => [day(p.at), w.gateway(p.gateway), p.reference, total(p.amount)]),
            },
          ]
        : []),
      ...(succeeded.length
        ? [
            {
              title: t('tables.refunds'),
              columns: [t('tables.date'), t('tables.refundedTo'), t('tables.creditNote'), t('tables.amount')],
              rows: succeeded.map((r) => [day(r.at), refundedTo(w, r.destination, r.gateway), r.creditNoteNumber ?? '', total(r.amount)]),
            },
          ]
        : []),
      ...(input.refunds.creditNotes.length
        ? [
            {
              title: t('tables.creditNotes'),
              columns: [t('tables.number'), t('tables.issued'), t('tables.reason'), t('tables.amount')],
              rows: input.refunds.creditNotes.map((n) => [n.number, day(n.issuedAt), n.reason, total(n.amount)]),
            },
          ]
        : []),
    ],
    notes: [
      ...(i.reverseCharge ? [t('notes.reverseCharge')] : []),
      ...(i.status === 'void'
        ? [t('notes.cancelled')]
        : i.status === 'unpaid'
          ? [t('notes.payBy', { amount: total(i.amountDue), date: day(i.dueDate) })]
          : []),
      ...(i.status === 'unpaid' && input.bankDetails
        ? [t('notes.bankDetails', { details: input.bankDetails.replace(/\s*\r?\n\s*/g, ', ') })]
        : []),
    ],
  };
}

export function creditNoteDocument(input: {
  note: DocumentCreditNote;
  seller: DocumentParty;
  buyer: DocumentParty;
  footer?: string;
  language?: UiLanguage;
}): DocumentModel {
  const n = input.note;
  const w = wording(input.language ?? 'en');
  const { t } = w;
  const amount = w.money(n.amount, n.currency, n.minorUnits);
  const taxed = n.invoiceTax;
  const tax = creditNoteTax(n.amount, taxed, n.minorUnits);
  // Net and tax as the invoice printed them: an invoice with no tax line of its own gets none here.
  const split =
    taxed.reverseCharge || taxed.taxRate !== null
      ? [
          { label: t('totals.net'), value: w.money(fromDecimalString(n.amount) - tax, n.currency, n.minorUnits) },
          {
            label: taxed.reverseCharge ? t('totals.reverseCharge') : t('totals.taxAt', { rate: rate(taxed.taxRate!) }),
            value: w.money(tax, n.currency, n.minorUnits),
          },
        ]
      : [];
  const invoice = invoiceNumber({ id: n.invoiceId, number: n.invoiceNumber });
  const title = t('creditNote');
  return {
    title,
    number: n.number,
    stamp: null,
    seller: input.seller,
    buyer: input.buyer,
    footer: input.footer ?? '',
    billTo: t('billTo'),
    pageLabel: (page, count) => t('page', { title: `${title} ${n.number}`, page, count }),
    facts: [
      [t('facts.issued'), w.day(n.issuedAt)],
      [t('facts.forInvoice'), invoice],
      [t('facts.refundedTo'), refundedTo(w, n.destination, n.gateway)],
      [t('facts.currency'), n.currency],
    ],
    lines: {
      title: t('lines.title'),
      columns: [t('lines.description'), t('lines.amount')],
      rows: [[n.reason ? t('refundOfBecause', { invoice, reason: n.reason }) : t('refundOf', { invoice }), amount]],
    },
    totals: [...split, { label: t('totals.totalCredited'), value: amount, strong: true }],
    tables: [],
    notes: [t('notes.creditNoteCancels', { amount, invoice }), ...(taxed.reverseCharge ? [t('notes.reverseCharge')] : [])],
  };
}
