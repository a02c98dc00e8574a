import type { EntityManager } from '@mikro-orm/postgresql';
import { loadDocumentParties } from './load-document-parties.ts';
import { loadInvoice } from './load-invoice.ts';
import { loadInvoiceRefunds } from './load-invoice-refunds.ts';
import { documentFilename, invoiceDocument, invoiceNumber } from './rules/invoice-document.ts';
import { writeDocumentPdf } from './write-document-pdf.ts';
import { transferDetailsWanted } from './transfer-details.ts';
import { getSellerLogo } from '../settings/seller-logo.ts';

export interface RenderedPdf {
  filename: string;
  content: Buffer;
}

/** An invoice as an A4 PDF, from its stored rows; `clientId` limits it to that client's own (another's is NotFound). */
export async function renderInvoicePdf(em: EntityManager, invoiceId: number, opts: { clientId?: number } = {}): Promise<RenderedPdf> {
  const invoice = await loadInvoice(em, invoiceId, opts.clientId);
  const [refunds, parties, logo] = await Promise.all([
    loadInvoiceRefunds(em, invoice.id),
    loadDocumentParties(em, invoice),
    getSellerLogo(em),
  ]);
  // Only an unpaid invoice tells how to pay it, and only in a way its page offers.
  const [bankDetails] =
    invoice.status === 'unpaid'
      ? await transferDetailsWanted.announce(em, {
          orderId: invoice.orderId,
          currency: invoice.currency,
          sellerBankDetails: parties.bankDetails,
        })
      : [];
  const content = await writeDocumentPdf(invoiceDocument({ invoice, refunds, ...parties, bankDetails: bankDetails ?? '' }), logo?.bytes);
  return { filename: documentFilename('invoice', invoiceNumber(invoice)), content };
}
