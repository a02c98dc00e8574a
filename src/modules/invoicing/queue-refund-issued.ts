import type { EntityManager } from '@mikro-orm/postgresql';
import { publicUrl } from '../notices/public-url.ts';
import { queueClientMessage } from '../notices/queue-client-message.ts';
import { loadInvoiceTags } from './load-invoice-tags.ts';

export interface IssuedRefund {
  refundId: number;
  invoiceId: number;
  creditNoteId: number;
  creditNoteNumber: string;
  /** Positive, as the credit note holds it. */
  amount: string;
}

/** "Refund issued", with the credit note's PDF, in the refund's transaction; once per refund (its key). */
export async function queueRefundIssued(tx: EntityManager, refund: IssuedRefund): Promise<void> {
  const invoice = (await loadInvoiceTags(tx, [refund.invoiceId], publicUrl())).get(refund.invoiceId);
  if (!invoice) return;
  await queueClientMessage(tx, {
    event: 'refund_issued',
    clientId: invoice.clientId,
    key: String(refund.refundId),
    values: { ...invoice.values, 'refund.amount': invoice.money(refund.amount), 'credit_note.number': refund.creditNoteNumber },
    attachments: [{ kind: 'credit-note-pdf', creditNoteId: refund.creditNoteId }],
  });
}
