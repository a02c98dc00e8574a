import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

export interface Reservation {
  orderId: number;
  packageId: number;
  clientId: number;
  quantity: number;
  expiresAt: Date;
}

/**
 * Holds units for an unpaid order until `expiresAt`. Call it in the checkout's transaction,
 * after counting what is held under the package lock (see placeOrder).
 */
export async function reserveStock(tx: EntityManager, r: Reservation, now: Date): Promise<void> {
  await db(tx)
    .insertInto('stock_reservation')
    .values({ order_id: r.orderId, package_id: r.packageId, client_id: r.clientId, quantity: r.quantity, status: 'live', expires_at: r.expiresAt, created_at: now })
    .execute();
}
