import type { EntityManager } from '@mikro-orm/postgresql';
import { publicUrl } from '../notices/public-url.ts';
import { queueClientMessage } from '../notices/queue-client-message.ts';
import { loadInvoiceTags } from './load-invoice-tags.ts';

/**
 * The receipt for a paid invoice, with its PDF (now stamped PAID), in the payment's transaction.
 * Handled on "invoice paid" (src/modules/wiring.ts), which is announced once per invoice; the
 * key is the invoice, so a receipt is never sent twice whatever announces it.
 */
export async function queuePaymentReceipt(tx: EntityManager, invoiceId: number): Promise<void> {
  const invoice = (await loadInvoiceTags(tx, [invoiceId], publicUrl())).get(invoiceId);
  if (!invoice || invoice.status !== 'paid') return;
  await queueClientMessage(tx, {
    event: 'payment_receipt',
    clientId: invoice.clientId,
    key: String(invoiceId),
    values: invoice.values,
    attachments: [{ kind: 'invoice-pdf', invoiceId }],
  });
}
