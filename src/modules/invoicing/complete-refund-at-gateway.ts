import { log } from '../../observability/log.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { finishRefundIn } from './finish-refund.ts';
import { refundAtGateway, RefundRefused } from './refund-at-gateway.ts';
import type { PaymentStatus } from './rules/refundable.ts';

export interface RefundResult {
  refundId: number;
  status: PaymentStatus;
  /** Null unless the refund succeeded. */
  creditNoteNumber: string | null;
}

/**
 * Asks the gateway to pay back a pending refund, then records the answer: succeeded (with the
 * gateway's reference, the services ended if asked, the credit note issued) or failed (its
 * amount released for another refund). Safe to call again for the same refund (after a crash
 * left it pending): the gateway gets the same idempotency key, and a refund already settled is
 * only reported.
 */
export async function completeRefundAtGateway(em: EntityManager, refundId: number, actor: string, now: Date): Promise<RefundResult> {
  const q = db(em);
  const refund = await q
    .selectFrom('payment as r')
    .innerJoin('invoice as i', 'i.id', 'r.invoice_id')
    .leftJoin('credit_note as n', 'n.refund_id', 'r.id')
    .select(['r.id', 'r.invoice_id', 'r.gateway', 'r.amount', 'r.currency', 'r.status', 'r.idempotency_key', 'r.failure', 'n.number'])
    .where('r.id', '=', refundId)
    .where('r.kind', '=', 'refund')
    .executeTakeFirst();
  if (!refund) throw new NotFound('That refund');
  if (refund.status !== 'pending') return { refundId, status: refund.status, creditNoteNumber: refund.number };
  const original = await q
    .selectFrom('payment')
    .select('reference')
    .where('invoice_id', '=', refund.invoice_id)
    .where('kind', '=', 'payment')
    .where('gateway', '=', refund.gateway)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  let reference: string;
  try {
    ({ reference } = await refundAtGateway({
      gateway: refund.gateway,
      paymentReference: original.reference,
      amount: toDecimalString(-fromDecimalString(refund.amount)),
      currency: refund.currency,
      idempotencyKey: refund.idempotency_key ?? `refund-${refundId}`,
    }));
  } catch (err) {
    if (!(err instanceof RefundRefused)) {
      log.warn({ refundId, gateway: refund.gateway, err: (err as Error).message }, 'refund: the gateway did not answer');
      throw new Conflict(
        'The payment gateway did not answer. The refund stays pending (its amount reserved); ask the gateway again in a few minutes: it will not refund twice.',
        'destination',
      );
    }
    const failure = (err.message || 'no reason given').slice(0, 500);
    await q
      .updateTable('payment')
      .set({ status: 'failed', failure, settled_at: now })
      .where('id', '=', refundId)
      .where('status', '=', 'pending')
      .execute();
    throw new Conflict(
      `The payment gateway refused the refund (${failure}). Nothing was refunded; try again, or refund to account credit.`,
      'destination',
    );
  }
  return em.transactional(async (tx) => {
    const t = db(tx);
    const invoice = await t
      .selectFrom('invoice')
      .select(['id', 'client_id', 'order_id'])
      .where('id', '=', refund.invoice_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const done = await t
      .updateTable('payment')
      .set({ status: 'succeeded', reference, settled_at: now })
      .where('id', '=', refundId)
      .where('status', '=', 'pending')
      .returning(['amount', 'currency', 'reason', 'end_services'])
      .executeTakeFirst();
    if (!done) {
      const settled = await t
        .selectFrom('payment as r')
        .leftJoin('credit_note as n', 'n.refund_id', 'r.id')
        .select(['r.status', 'n.number'])
        .where('r.id', '=', refundId)
        .executeTakeFirstOrThrow();
      return { refundId, status: settled.status, creditNoteNumber: settled.number };
    }
    const finished = {
      id: refundId,
      invoiceId: invoice.id,
      orderId: invoice.order_id,
      clientId: invoice.client_id,
      gateway: refund.gateway,
      amount: done.amount,
      currency: done.currency,
      reason: done.reason,
      endServices: done.end_services,
    };
    return { refundId, status: 'succeeded' as const, creditNoteNumber: await finishRefundIn(tx, finished, actor, now) };
  });
}
