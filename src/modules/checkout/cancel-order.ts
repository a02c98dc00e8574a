import type { EntityManager } from '@mikro-orm/postgresql';
import { markOutboxProcessed } from '../outbox/outbox-state.ts';
import { NotFound } from '../shared/errors.ts';
import { releaseReservation } from '../inventory/release-reservation.ts';
import { releaseCouponUse } from '../coupons/release-coupon-use.ts';
import { outboxKey } from '../../queue/jobs.ts';
import { db } from '../../db/database.ts';
import { returnAppliedCredit } from '../invoicing/return-applied-credit.ts';

export type CancelResult = 'cancelled' | 'already-cancelled' | 'paid';

/**
 * Cancels an unpaid order: its invoice is voided, its units and its coupon use return. A paid order is left
 * alone. NOTE: locks the invoice, then the order, in the same order payment does, so a payment
 * and a cancellation racing each other serialise and exactly one wins.
 */
export async function cancelOrderIn(tx: EntityManager, orderId: number, reason: string, now: Date): Promise<CancelResult> {
  const q = db(tx);
  await q.selectFrom('invoice').select('id').where('order_id', '=', orderId).forUpdate().execute();
  const order = await q.selectFrom('client_order').select('status').where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!order) throw new NotFound('That order');
  if (order.status === 'paid') return 'paid';
  if (order.status === 'cancelled') return 'already-cancelled';
  await q
    .updateTable('client_order')
    .set({ status: 'cancelled', cancelled_at: now, cancel_reason: reason.slice(0, 200) })
    .where('id', '=', orderId)
    .execute();
  const voided = await q
    .updateTable('invoice')
    .set({ status: 'void' })
    .where('order_id', '=', orderId)
    .where('status', 'in', ['draft', 'unpaid'])
    .returning(['id', 'client_id', 'credit_applied', 'currency'])
    .execute();
  // Credit the client put towards it comes back with the cancellation.
  await returnAppliedCredit(tx, voided, `order #${orderId} cancelled.`, now);
  await releaseReservation(tx, orderId);
  await releaseCouponUse(tx, { orderId }, now);
  await markOutboxProcessed(tx, outboxKey('expireOrder', { orderId }), now);
  return 'cancelled';
}

export function cancelOrder(em: EntityManager, orderId: number, reason: string, now: Date) {
  return em.transactional((tx) => cancelOrderIn(tx, orderId, reason, now));
}
