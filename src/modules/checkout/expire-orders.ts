import type { EntityManager } from '@mikro-orm/postgresql';
import { cancelOrderIn } from './cancel-order.ts';
import { queueOrderCancelled } from './queue-order-cancelled.ts';
import { db } from '../../db/database.ts';

/**
 * Cancels unpaid orders whose reservation time is up, so their units return. Run by the
 * delayed per-order job and by a periodic sweep; safe to run any number of times.
 */
export async function expireOrders(em: EntityManager, now: Date, orderId?: number): Promise<number> {
  const rows = await db(em)
    .selectFrom('client_order')
    .select('id')
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .$if(orderId !== undefined, (qb) => qb.where('id', '=', orderId!))
    .orderBy('id')
    .limit(500)
    .execute();
  let cancelled = 0;
  for (const row of rows) if ((await expireOrder(em.fork(), row.id, now)) === 'cancelled') cancelled++;
  return cancelled;
}

/** One order cancelled for non-payment, and its client told, in one transaction: only the run that cancels it tells. */
function expireOrder(em: EntityManager, orderId: number, now: Date) {
  return em.transactional(async (tx) => {
    const result = await cancelOrderIn(tx, orderId, 'Not paid in time: the reserved units were released.', now);
    if (result === 'cancelled') await queueOrderCancelled(tx, orderId);
    return result;
  });
}
