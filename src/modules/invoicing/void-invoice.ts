import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { returnAppliedCredit } from './return-applied-credit.ts';

/**
 * Voids an unpaid invoice inside the caller's transaction, giving back any credit applied to it.
 * NOTE: conditional on 'unpaid', so voiding twice (or racing a payment, which locks the row
 * first) refunds once and never voids a paid invoice. Returns whether this call voided it.
 */
export async function voidInvoiceIn(tx: EntityManager, invoiceId: number, reason: string, now: Date): Promise<boolean> {
  const row = await db(tx)
    .updateTable('invoice')
    .set({ status: 'void' })
    .where('id', '=', invoiceId)
    .where('status', '=', 'unpaid')
    .returning(['client_id', 'credit_applied', 'currency'])
    .executeTakeFirst();
  if (!row) return false;
  await returnAppliedCredit(tx, [{ id: invoiceId, ...row }], reason, now);
  return true;
}
