import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { Conflict } from '../shared/errors.ts';

/**
 * Locks an order about to be paid and refuses one that expired or was cancelled.
 * NOTE: an expired order's units may already be sold to someone else; it is not revived. The
 * lock is taken after the invoice's, the order expiry takes them in the same order.
 */
export async function lockOrderForPayment(tx: EntityManager, orderId: number, now: Date): Promise<void> {
  const order = await db(tx)
    .selectFrom('client_order')
    .select(['status', 'expires_at'])
    .where('id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
  if (!order || order.status === 'cancelled' || order.expires_at <= now) {
    throw new Conflict('This order has expired and its units were released; please order again.');
  }
}
