import type { EntityManager } from '@mikro-orm/postgresql';
import { payInvoiceIn } from '../invoicing/pay-invoice.ts';
import { moveCredit } from '../invoicing/move-credit.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';

/**
 * Spends the clients' credit on new invoices, oldest due first, inside the caller's transaction
 * (which holds the client rows). An invoice the credit covers is paid at once (a 'credit' payment),
 * which extends its services; a partly covered one keeps the credit as `credit_applied` and the
 * rest is due.
 * NOTE: the balance drops through a conditional UPDATE, so it can never go below zero even if a
 * caller forgot the lock.
 */
export async function applyCreditToInvoices(tx: EntityManager, invoiceIds: number[], now: Date): Promise<number> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const rows = await conn.execute<{ id: number; client_id: number; total: string; currency: string; credit_applied: string; credit_balance: string; credit_currency: string | null }[]>(
    `select i.id, i.client_id, i.total, i.currency, i.credit_applied, c.credit_balance,
            coalesce(c.currency, (select code from currency where is_default limit 1)) as credit_currency
       from invoice i join client c on c.id = i.client_id
      where i.id = any(?::int[]) and i.status = 'unpaid' order by i.client_id, i.due_date, i.id`,
    [`{${invoiceIds.join(',')}}`],
    'all',
    ctx,
  );
  const balances = new Map<number, bigint>();
  let applied = 0;
  for (const inv of rows) {
    // Credit is held in the client's currency; it pays invoices in that currency only.
    if (inv.credit_currency !== null && inv.credit_currency !== inv.currency) continue;
    const balance = balances.get(inv.client_id) ?? fromDecimalString(inv.credit_balance);
    const due = fromDecimalString(inv.total) - fromDecimalString(inv.credit_applied);
    const spend = balance < due ? balance : due;
    if (spend <= 0n) continue;
    const amount = toDecimalString(spend);
    if (!(await moveCredit(tx, { clientId: inv.client_id, amount: toDecimalString(-spend), currency: inv.currency, reason: `Applied to invoice #${inv.id}`, invoiceId: inv.id }, now))) continue;
    balances.set(inv.client_id, balance - spend);
    // Covered: paid by credit, exactly as a client paying from the balance would. Partly: the credit stays on the invoice.
    if (spend === due) await payInvoiceIn(tx, { invoiceId: inv.id, gateway: 'credit', reference: `credit-invoice-${inv.id}` }, now);
    else await conn.execute('update invoice set credit_applied = credit_applied + ? where id = ?', [amount, inv.id], 'run', ctx);
    applied++;
  }
  return applied;
}
