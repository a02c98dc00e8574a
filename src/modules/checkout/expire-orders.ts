import type { EntityManager } from '@mikro-orm/postgresql';
import { cancelOrder } from './cancel-order.ts';
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
  for (const row of rows) if ((await cancelOrder(em.fork(), row.id, 'Not paid in time: the reserved units were released.', now)) === 'cancelled') cancelled++;
  return cancelled;
}
