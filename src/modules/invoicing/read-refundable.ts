import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { creditCurrencyOf } from '../clients/credit-currency.ts';
import type { InvoiceStatus } from '../shared/statuses.ts';
import { NotFound } from '../shared/errors.ts';
import { fromDecimalString } from '../shared/money.ts';
import { canRefundAtGateway } from './refund-at-gateway.ts';
import { refundableOf, type Refundable } from './rules/refundable.ts';

export interface RefundFacts extends Refundable {
  invoiceId: number;
  clientId: number;
  orderId: number | null;
  status: InvoiceStatus;
  currency: string;
  minorUnits: number;
  /** The reference of the last payment through each gateway, which a gateway refund names. */
  paymentReferences: Record<string, string>;
}

/**
 * What an invoice has been paid and refunded, and what can still go back where.
 * NOTE: with `lock`, the invoice row is locked first (the order payments take), so a refund
 * decided from these facts cannot be overtaken by another before it is recorded.
 */
export async function readRefundable(em: EntityManager, invoiceId: number, opts: { lock?: boolean } = {}): Promise<RefundFacts> {
  const q = db(em);
  let query = q
    .selectFrom('invoice')
    .select(['id', 'client_id', 'order_id', 'status', 'currency', 'credit_applied'])
    .where('id', '=', invoiceId);
  if (opts.lock) query = query.forUpdate();
  const invoice = await query.executeTakeFirst();
  if (!invoice) throw new NotFound('That invoice');
  const [payments, currency, heldIn] = await Promise.all([
    q
      .selectFrom('payment')
      .select(['kind', 'gateway', 'reference', 'amount', 'status'])
      .where('invoice_id', '=', invoiceId)
      .orderBy('id')
      .execute(),
    q.selectFrom('currency').select('minor_units').where('code', '=', invoice.currency).executeTakeFirst(),
    creditCurrencyOf(em, invoice.client_id),
  ]);
  // Credit is held in the client's currency (the store default when unset), as payWithCredit spends it.
  const creditCurrency = heldIn ?? invoice.currency;
  const creditApplied = fromDecimalString(invoice.credit_applied);
  const facts = refundableOf(
    {
      creditApplied,
      payments: payments.map((p) => ({ ...p, amount: fromDecimalString(p.amount) })),
      creditInOtherCurrency: creditCurrency !== invoice.currency,
    },
    canRefundAtGateway,
  );
  const paymentReferences: Record<string, string> = {};
  for (const p of payments) if (p.kind === 'payment') paymentReferences[p.gateway] = p.reference;
  return {
    ...facts,
    invoiceId,
    clientId: invoice.client_id,
    orderId: invoice.order_id,
    status: invoice.status,
    currency: invoice.currency,
    minorUnits: currency?.minor_units ?? 2,
    paymentReferences,
  };
}
