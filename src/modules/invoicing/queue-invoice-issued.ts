import type { EntityManager } from '@mikro-orm/postgresql';
import { publicUrl } from '../notices/public-url.ts';
import { queueClientMessages } from '../notices/queue-client-message.ts';
import { fromDecimalString } from '../shared/money.ts';
import { loadInvoiceTags } from './load-invoice-tags.ts';

/**
 * "Invoice issued" for invoices just made (checkout, renewals, upgrades, cancellation fees), in
 * the caller's transaction, with the link to pay and the PDF attached; one email per invoice
 * however often it is asked. An invoice already paid or void, or with nothing left to pay
 * (credit covered it), gets none: there is nothing to ask the client for.
 * `_now` (when they were issued) is not needed: the message says the invoices' own dates.
 */
export async function queueInvoiceIssued(
  tx: EntityManager,
  invoiceIds: readonly number[],
  _now: Date,
  opts: { publicUrl?: string } = {},
): Promise<number[]> {
  const invoices = await loadInvoiceTags(tx, invoiceIds, publicUrl(opts.publicUrl));
  const owed = [...invoices.values()].filter((i) => i.status === 'unpaid' && fromDecimalString(i.due) > 0n);
  return queueClientMessages(
    tx,
    owed.map((i) => ({
      event: 'invoice_issued',
      clientId: i.clientId,
      key: String(i.id),
      values: i.values,
      attachments: [{ kind: 'invoice-pdf', invoiceId: i.id }],
    })),
  );
}
