import type { EntityManager } from '@mikro-orm/postgresql';
import { payInvoiceIn } from '../invoicing/pay-invoice.ts';
import { moveCredit } from '../invoicing/move-credit.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/**
 * Spends the clients' credit on new invoices, oldest due first, inside the caller's transaction
 * (which holds the client rows). An invoice the credit covers is paid at once (a 'credit' payment),
 * which extends its services; a partly covered one keeps the credit as `credit_applied` and the
 * rest is due.
 * NOTE: the balance drops through a conditional UPDATE, so it can never go below zero even if a
 * caller forgot the lock.
 */
export async function applyCreditToInvoices(tx: EntityManager, invoiceIds: number[], now: Date): Promise<number> {
  if (!invoiceIds.length) return 0;
  const q = db(tx);
  const rows = await q
    .selectFrom('invoice as i')
    .innerJoin('client as c', 'c.id', 'i.client_id')
    .select(['i.id', 'i.client_id', 'i.total', 'i.currency', 'i.credit_applied', 'c.credit_balance'])
    .select((eb) =>
      eb.fn.coalesce('c.currency', eb.selectFrom('currency').select('code').where('is_default', '=', true).limit(1)).as('credit_currency'),
    )
    .where('i.id', 'in', invoiceIds)
    .where('i.status', '=', 'unpaid')
    .orderBy('i.client_id')
    .orderBy('i.due_date')
    .orderBy('i.id')
    .execute();
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
    if (
      !(await moveCredit(
        tx,
        {
          clientId: inv.client_id,
          amount: toDecimalString(-spend),
          currency: inv.currency,
          reason: `Applied to invoice #${inv.id}`,
          invoiceId: inv.id,
        },
        now,
      ))
    )
      continue;
    balances.set(inv.client_id, balance - spend);
    // Covered: paid by credit, exactly as a client paying from the balance would. Partly: the credit stays on the invoice.
    if (spend === due) await payInvoiceIn(tx, { invoiceId: inv.id, gateway: 'credit', reference: `credit-invoice-${inv.id}` }, now);
    else
      await q
        .updateTable('invoice')
        .set({ credit_applied: sql`credit_applied + ${amount}::numeric` })
        .where('id', '=', inv.id)
        .execute();
    applied++;
  }
  return applied;
}
