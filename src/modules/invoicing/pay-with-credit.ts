import type { EntityManager } from '@mikro-orm/postgresql';
import { Conflict, NotFound } from '../shared/errors.ts';
import { payInvoiceIn, type PayResult } from './pay-invoice.ts';
import { moveCredit } from './move-credit.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';

/**
 * Pays an invoice from the client's credit balance, in one transaction with the payment.
 * NOTE: the balance only drops through a conditional UPDATE (balance >= total), after the
 * invoice row is locked by a first check, so two tabs paying at once spend the credit once.
 */
export async function payWithCredit(em: EntityManager, clientId: number, invoiceId: number, now: Date): Promise<PayResult> {
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const [inv] = await conn.execute<{ status: string; total: string; currency: string }[]>(
      'select status, total - credit_applied as total, currency from invoice where id = ? and client_id = ? for update',
      [invoiceId, clientId],
      'all',
      ctx,
    );
    if (!inv) throw new NotFound('That invoice');
    if (inv.status === 'paid') return 'already-paid';
    const [client] = await conn.execute<{ currency: string | null; default_currency: string | null }[]>(
      'select c.currency, (select code from currency where is_default limit 1) as default_currency from client c where c.id = ?',
      [clientId],
      'all',
      ctx,
    );
    // Credit is held in the client's currency (the store default when unset); it pays invoices in that currency only.
    const creditCurrency = client?.currency ?? client?.default_currency ?? inv.currency;
    if (creditCurrency !== inv.currency) throw new Conflict(`Your credit is in ${creditCurrency}; this invoice is in ${inv.currency}.`);
    const spent = await moveCredit(tx, { clientId, amount: toDecimalString(-fromDecimalString(inv.total)), currency: inv.currency, reason: `Paid invoice #${invoiceId}`, invoiceId }, now);
    if (!spent) throw new Conflict('Your credit balance does not cover this invoice.');
    return payInvoiceIn(tx, { invoiceId, gateway: 'credit', reference: `credit-invoice-${invoiceId}` }, now);
  });
}
