import type { EntityManager } from '@mikro-orm/postgresql';
import { markOutboxProcessed } from '../outbox/relay-outbox.ts';
import { NotFound } from '../shared/errors.ts';
import { releaseReservation } from '../inventory/release-reservation.ts';
import { outboxKey } from '../../queue/jobs.ts';

export type CancelResult = 'cancelled' | 'already-cancelled' | 'paid';

/**
 * Cancels an unpaid order: its invoice is voided and its units return. A paid order is left
 * alone. NOTE: locks the invoice, then the order, in the same order payment does, so a payment
 * and a cancellation racing each other serialise and exactly one wins.
 */
export async function cancelOrderIn(tx: EntityManager, orderId: number, reason: string, now: Date): Promise<CancelResult> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  await conn.execute('select id from invoice where order_id = ? for update', [orderId], 'all', ctx);
  const [order] = await conn.execute<{ status: string }[]>('select status from client_order where id = ? for update', [orderId], 'all', ctx);
  if (!order) throw new NotFound('That order');
  if (order.status === 'paid') return 'paid';
  if (order.status === 'cancelled') return 'already-cancelled';
  await conn.execute(`update client_order set status = 'cancelled', cancelled_at = ?, cancel_reason = ? where id = ?`, [now, reason.slice(0, 200), orderId], 'run', ctx);
  await conn.execute(`update invoice set status = 'void' where order_id = ? and status in ('draft', 'unpaid')`, [orderId], 'run', ctx);
  await releaseReservation(tx, orderId);
  await markOutboxProcessed(tx, outboxKey('expireOrder', { orderId }), now);
  return 'cancelled';
}

export function cancelOrder(em: EntityManager, orderId: number, reason: string, now: Date) {
  return em.transactional((tx) => cancelOrderIn(tx, orderId, reason, now));
}
