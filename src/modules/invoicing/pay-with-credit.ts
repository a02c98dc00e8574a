import type { EntityManager } from '@mikro-orm/postgresql';
import { Conflict, NotFound } from '../shared/errors.ts';
import { payInvoiceIn, type PayResult } from './pay-invoice.ts';
import { moveCredit } from './move-credit.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { creditCurrencyOf } from '../clients/credit-currency.ts';

/**
 * Pays an invoice from the client's credit balance, in one transaction with the payment.
 * NOTE: the balance only drops through a conditional UPDATE (balance >= total), after the
 * invoice row is locked by a first check, so two tabs paying at once spend the credit once.
 */
export async function payWithCredit(em: EntityManager, clientId: number, invoiceId: number, now: Date): Promise<PayResult> {
  return em.transactional(async (tx) => {
    const q = db(tx);
    const inv = await q
      .selectFrom('invoice')
      .select(['status', 'currency', sql<string>`total - credit_applied`.as('total')])
      .where('id', '=', invoiceId)
      .where('client_id', '=', clientId)
      .forUpdate()
      .executeTakeFirst();
    if (!inv) throw new NotFound('That invoice');
    if (inv.status === 'paid') return 'already-paid';
    // Credit is held in the client's currency (the store default when unset); it pays invoices in that currency only.
    const creditCurrency = (await creditCurrencyOf(tx, clientId)) ?? inv.currency;
    if (creditCurrency !== inv.currency) throw new Conflict(`Your credit is in ${creditCurrency}; this invoice is in ${inv.currency}.`);
    const spent = await moveCredit(
      tx,
      {
        clientId,
        amount: toDecimalString(-fromDecimalString(inv.total)),
        currency: inv.currency,
        reason: `Paid invoice #${invoiceId}`,
        invoiceId,
      },
      now,
    );
    if (!spent) throw new Conflict('Your credit balance does not cover this invoice.');
    return payInvoiceIn(tx, { invoiceId, gateway: 'credit', reference: `credit-invoice-${invoiceId}` }, now);
  });
}
