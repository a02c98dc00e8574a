import type { EntityManager } from '@mikro-orm/postgresql';
import { fromDecimalString } from '../shared/money.ts';
import { moveCredit } from './move-credit.ts';

export interface VoidedInvoice {
  id: number;
  client_id: number;
  credit_applied: string;
  currency: string;
}

/**
 * Gives back the credit applied to invoices just voided (a renewal's at issue, or a client's
 * part-payment from their balance), in the caller's transaction: every path that voids an
 * unpaid invoice calls it with the rows its UPDATE returned, so no credit stays on a void invoice.
 */
export async function returnAppliedCredit(tx: EntityManager, voided: readonly VoidedInvoice[], reason: string, now: Date): Promise<void> {
  for (const v of voided) {
    if (fromDecimalString(v.credit_applied) <= 0n) continue;
    await moveCredit(
      tx,
      {
        clientId: v.client_id,
        amount: v.credit_applied,
        currency: v.currency,
        reason: `Returned from void invoice #${v.id}: ${reason}`,
        invoiceId: v.id,
      },
      now,
    );
  }
}
