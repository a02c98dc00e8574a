import type { EntityManager } from '@mikro-orm/postgresql';
import { cancelOrder } from './cancel-order.ts';

/**
 * Cancels unpaid orders whose reservation time is up, so their units return. Run by the
 * delayed per-order job and by a periodic sweep; safe to run any number of times.
 */
export async function expireOrders(em: EntityManager, now: Date, orderId?: number): Promise<number> {
  const rows = await em.getConnection().execute<{ id: number }[]>(
    `select id from client_order where status = 'pending' and expires_at <= ? ${orderId === undefined ? '' : 'and id = ?'} order by id limit 500`,
    orderId === undefined ? [now] : [now, orderId],
  );
  let cancelled = 0;
  for (const row of rows) if ((await cancelOrder(em.fork(), row.id, 'Not paid in time: the reserved units were released.', now)) === 'cancelled') cancelled++;
  return cancelled;
}
