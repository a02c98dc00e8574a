import type { EntityManager } from '@mikro-orm/postgresql';
import { outboxKey } from '../../queue/jobs.ts';
import { markOutboxProcessed } from '../outbox/relay-outbox.ts';

/** A paid order: marked paid, and its expiry (already in the outbox) has nothing left to do. */
export async function markOrderPaid(tx: EntityManager, orderId: number, now: Date): Promise<void> {
  await tx.getConnection().execute(`update client_order set status = 'paid', paid_at = ? where id = ?`, [now, orderId], 'run', tx.getTransactionContext());
  await markOutboxProcessed(tx, outboxKey('expireOrder', { orderId }), now);
}
