import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueryResult } from '@mikro-orm/core';
import { fromDecimalString } from '../shared/money.ts';

/**
 * Voids an unpaid invoice inside the caller's transaction, giving back any credit applied to it.
 * NOTE: conditional on 'unpaid', so voiding twice (or racing a payment, which locks the row
 * first) refunds once and never voids a paid invoice. Returns whether this call voided it.
 */
export async function voidInvoiceIn(tx: EntityManager, invoiceId: number, reason: string, now: Date): Promise<boolean> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const [row] = await conn.execute<{ client_id: number; credit_applied: string; currency: string }[]>(
    `update invoice set status = 'void' where id = ? and status = 'unpaid' returning client_id, credit_applied, currency`,
    [invoiceId],
    'all',
    ctx,
  );
  if (!row) return false;
  if (fromDecimalString(row.credit_applied) > 0n) {
    await conn.execute<QueryResult>('update client set credit_balance = credit_balance + ? where id = ?', [row.credit_applied, row.client_id], 'run', ctx);
    await conn.execute(
      'insert into credit_entry (client_id, amount, currency, reason, invoice_id, created_at) values (?, ?, ?, ?, ?, ?)',
      [row.client_id, row.credit_applied, row.currency, `Returned from void invoice #${invoiceId}: ${reason}`.slice(0, 200), invoiceId, now],
      'run',
      ctx,
    );
  }
  return true;
}
