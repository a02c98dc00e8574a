import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { fromDecimalString } from '../shared/money.ts';
import { moveCredit } from './move-credit.ts';

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
  if (fromDecimalString(row.credit_applied) > 0n) {
    await moveCredit(
      tx,
      {
        clientId: row.client_id,
        amount: row.credit_applied,
        currency: row.currency,
        reason: `Returned from void invoice #${invoiceId}: ${reason}`,
        invoiceId,
      },
      now,
    );
  }
  return true;
}
