import type { EntityManager } from '@mikro-orm/postgresql';
import { markOutboxProcessed } from '../outbox/relay-outbox.ts';

export const expireOrderKey = (orderId: number) => `expire-order:${orderId}`;

/** A paid order: marked paid, and its expiry (already in the outbox) has nothing left to do. */
export async function markOrderPaid(tx: EntityManager, orderId: number, now: Date): Promise<void> {
  await tx.getConnection().execute(`update client_order set status = 'paid', paid_at = ? where id = ?`, [now, orderId], 'run', tx.getTransactionContext());
  await markOutboxProcessed(tx, expireOrderKey(orderId), now);
}
