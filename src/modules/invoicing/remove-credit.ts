import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { decimalsProblem, toDecimalString, fromDecimalString, formatMoney } from '../shared/money.ts';
import { moveCredit } from './move-credit.ts';
import { lockCreditBalance } from '../clients/credit-currency.ts';
import { creditChangeInput } from './rules/credit-change.ts';

/**
 * Staff take credit back from a client's balance (added by mistake, or paid out another way), up
 * to what it holds, with the reason kept in the same ledger as every other move.
 */
export async function removeCredit(em: EntityManager, clientId: number, raw: unknown, now: Date) {
  const { amount, reason } = parseInput(creditChangeInput, raw);
  await em.transactional(async (tx) => {
    const held = await lockCreditBalance(tx, clientId);
    if (!held) throw new NotFound('That client');
    const currency = held.currency ?? 'USD';
    const decimals = decimalsProblem(fromDecimalString(amount), { code: currency, minorUnits: held.minorUnits });
    if (decimals) throw new DomainError(decimals, 'amount');
    const taken = await moveCredit(tx, { clientId, amount: toDecimalString(-fromDecimalString(amount)), currency, reason }, now);
    if (!taken)
      throw new DomainError(
        `The balance holds ${formatMoney(fromDecimalString(held.balance), currency, held.minorUnits)}: remove at most that.`,
        'amount',
      );
  });
}
