import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { decimalsProblem, fromDecimalString } from '../shared/money.ts';
import { moveCredit } from './move-credit.ts';
import { lockCreditBalance } from '../clients/credit-currency.ts';
import { addedPastMax, creditChangeInput } from './rules/credit-change.ts';

/** Staff add credit to a client's balance (a refund, a goodwill gesture), with the reason kept. */
export async function addCredit(em: EntityManager, clientId: number, raw: unknown, now: Date) {
  const { amount, reason } = parseInput(creditChangeInput, raw);
  await em.transactional(async (tx) => {
    const held = await lockCreditBalance(tx, clientId);
    if (!held) throw new NotFound('That client');
    const currency = held.currency ?? 'USD';
    // NOTE: refused here rather than by the column's overflow, which would fail the whole request.
    const problem =
      decimalsProblem(fromDecimalString(amount), { code: currency, minorUnits: held.minorUnits }) ?? addedPastMax(held.balance, amount);
    if (problem) throw new DomainError(problem, 'amount');
    await moveCredit(tx, { clientId, amount, currency, reason }, now);
  });
}
