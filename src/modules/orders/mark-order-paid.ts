import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { outboxKey } from '../../queue/jobs.ts';
import { markOutboxProcessed } from '../outbox/outbox-state.ts';

/** A paid order: marked paid, and its expiry (already in the outbox) has nothing left to do. */
export async function markOrderPaid(tx: EntityManager, orderId: number, now: Date): Promise<void> {
  await db(tx).updateTable('client_order').set({ status: 'paid', paid_at: now }).where('id', '=', orderId).execute();
  await markOutboxProcessed(tx, outboxKey('expireOrder', { orderId }), now);
}
