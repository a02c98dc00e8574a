import type { EntityManager } from '@mikro-orm/postgresql';
import { Conflict, NotFound } from '../shared/errors.ts';
import { payInvoiceIn, type PayResult } from './pay-invoice.ts';
import { moveCredit } from './move-credit.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { creditCurrencyOf } from '../clients/credit-currency.ts';

/** `credit-applied`: the balance was short and all of it went towards the invoice; the rest is still due. */
export type CreditPayResult = PayResult | 'credit-applied';

export const CREDIT_SHORT = 'Your credit balance does not cover this invoice.';

/**
 * Pays an invoice from the client's credit balance, in one transaction with the payment. With
 * `orPart`, a balance short of the amount due goes towards it instead (`credit_applied`, as a
 * renewal's credit does at issue), leaving the rest to pay another way; an empty one is refused.
 * NOTE: the invoice row is locked first, then the client's, so two tabs paying at once are
 * weighed one after the other; the balance only drops through a conditional UPDATE (moveCredit),
 * so it is spent once. Credit on an invoice voided later goes back (returnAppliedCredit).
 */
export async function payWithCredit(
  em: EntityManager,
  clientId: number,
  invoiceId: number,
  now: Date,
  opts: { orPart?: boolean } = {},
): Promise<CreditPayResult> {
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
    const due = fromDecimalString(inv.total);
    const spend = (amount: bigint, reason: string) =>
      moveCredit(tx, { clientId, amount: toDecimalString(-amount), currency: inv.currency, reason, invoiceId }, now);
    if (await spend(due, `Paid invoice #${invoiceId}`)) {
      return payInvoiceIn(tx, { invoiceId, gateway: 'credit', reference: `credit-invoice-${invoiceId}` }, now);
    }
    if (inv.status === 'void') throw new Conflict('This invoice was cancelled and can no longer be paid.');
    if (!opts.orPart) throw new Conflict(CREDIT_SHORT);
    const held = await q.selectFrom('client').select('credit_balance').where('id', '=', clientId).forUpdate().executeTakeFirstOrThrow();
    const part = fromDecimalString(held.credit_balance);
    if (part <= 0n || part >= due || !(await spend(part, `Applied to invoice #${invoiceId}`))) throw new Conflict(CREDIT_SHORT);
    await q
      .updateTable('invoice')
      .set({ credit_applied: sql`credit_applied + ${toDecimalString(part)}::numeric` })
      .where('id', '=', invoiceId)
      .execute();
    return 'credit-applied';
  });
}
