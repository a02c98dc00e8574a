import type { EntityManager } from '@mikro-orm/postgresql';
import { loadInvoice } from '../invoicing/load-invoice.ts';
import { payInvoice, type PayResult } from '../invoicing/pay-invoice.ts';

export type TestOutcome = 'approve' | 'decline';

/**
 * The test gateway's hosted page answered. Only the invoice's own client gets here (anyone else
 * finds no invoice). NOTE: the reference is the invoice's, so approving twice (a double click,
 * the back button) records one payment.
 */
export async function completeTestPayment(
  em: EntityManager,
  clientId: number,
  invoiceId: number,
  outcome: TestOutcome,
  now: Date,
): Promise<PayResult | 'declined'> {
  await loadInvoice(em, invoiceId, clientId);
  if (outcome === 'decline') return 'declined';
  return payInvoice(em, { invoiceId, gateway: 'test', reference: `test-${invoiceId}` }, now);
}
