import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/** A cancelled or expired order's units go back to stock. */
export async function releaseReservation(tx: EntityManager, orderId: number): Promise<void> {
  await db(tx)
    .updateTable('stock_reservation')
    .set({ status: 'released' })
    .where('order_id', '=', orderId)
    .where('status', '=', 'live')
    .execute();
}
