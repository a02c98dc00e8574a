import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/** A paid order's live reservation becomes its services' units (they now count as held). */
export async function convertReservation(tx: EntityManager, orderId: number): Promise<void> {
  await db(tx)
    .updateTable('stock_reservation')
    .set({ status: 'converted' })
    .where('order_id', '=', orderId)
    .where('status', '=', 'live')
    .execute();
}
