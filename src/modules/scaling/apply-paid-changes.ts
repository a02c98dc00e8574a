import type { EntityManager } from '@mikro-orm/postgresql';
import { applyServiceChange } from './apply-service-change.ts';
import { db } from '../../db/database.ts';

/**
 * A paid upgrade invoice applies its package change (inside the payment's transaction).
 * NOTE: applying is conditional on the change still awaiting payment, so a payment reported
 * twice applies it once. A change whose period was renewed before this payment is voided and
 * its payment credited instead (applyServiceChange).
 */
export async function applyPaidChanges(tx: EntityManager, invoiceId: number, now: Date): Promise<void> {
  const changes = await db(tx)
    .selectFrom('service_change')
    .select('id')
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'awaiting_payment')
    .orderBy('id')
    .execute();
  for (const c of changes) await applyServiceChange(tx, c.id, now);
}
