import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { NotFound } from '../shared/errors.ts';
import { loadDocumentParties } from './load-document-parties.ts';
import type { RenderedPdf } from './render-invoice-pdf.ts';
import { creditNoteDocument, documentFilename } from './rules/invoice-document.ts';
import type { RefundDestination } from './rules/refundable.ts';
import { writeDocumentPdf } from './write-document-pdf.ts';
import { getSellerLogo } from '../settings/seller-logo.ts';

/**
 * A credit note as an A4 PDF, between the parties of the invoice it corrects (as that invoice
 * copied them); `clientId` limits it to that client's own (another's is NotFound).
 */
export async function renderCreditNotePdf(em: EntityManager, creditNoteId: number, opts: { clientId?: number } = {}): Promise<RenderedPdf> {
  let query = db(em)
    .selectFrom('credit_note as n')
    .innerJoin('payment as r', 'r.id', 'n.refund_id')
    .innerJoin('invoice as i', 'i.id', 'n.invoice_id')
    .leftJoin('currency as cur', 'cur.code', 'n.currency')
    .select([
      'n.id',
      'n.number',
      'n.invoice_id',
      'n.refund_id',
      'n.client_id',
      'n.amount',
      'n.currency',
      'n.reason',
      'n.issued_at',
      'r.gateway',
      'cur.minor_units',
      'i.number as invoice_number',
      'i.total as invoice_total',
      'i.tax as invoice_tax',
      'i.tax_rate',
      'i.reverse_charge',
      'i.seller',
      'i.buyer',
    ])
    .where('n.id', '=', creditNoteId);
  if (opts.clientId !== undefined) query = query.where('n.client_id', '=', opts.clientId);
  const n = await query.executeTakeFirst();
  if (!n) throw new NotFound('That credit note');
  const destination: RefundDestination = n.gateway === 'credit' || n.gateway === 'manual' ? n.gateway : 'gateway';
  const note = {
    id: n.id,
    number: n.number,
    invoiceId: n.invoice_id,
    invoiceNumber: n.invoice_number,
    refundId: n.refund_id,
    destination,
    gateway: n.gateway,
    amount: n.amount,
    currency: n.currency,
    minorUnits: n.minor_units ?? 2,
    reason: n.reason,
    issuedAt: n.issued_at.toISOString(),
    invoiceTax: { total: n.invoice_total, tax: n.invoice_tax, taxRate: n.tax_rate, reverseCharge: n.reverse_charge },
  };
  const [parties, logo] = await Promise.all([
    loadDocumentParties(em, { clientId: n.client_id, seller: n.seller, buyer: n.buyer }),
    getSellerLogo(em),
  ]);
  const content = await writeDocumentPdf(creditNoteDocument({ note, ...parties }), logo?.bytes);
  return { filename: documentFilename('credit-note', n.number), content };
}
