import type { EntityManager } from '@mikro-orm/postgresql';
import { roundToMinor, toDecimalString } from '../shared/money.ts';
import { convertBetween } from './rules/current-period.ts';
import { db } from '../../db/database.ts';

/**
 * An amount in `currency` as it lands on a client's credit balance: in the currency the balance
 * is held in (the client's, else the store default), as pay-with-credit and add-credit keep it.
 * Null when that currency differs and one of the two has no rate (it cannot be converted).
 * NOTE: a different currency (an order placed in another one) is converted at today's rates, so
 * the client keeps the value, not the number. Runs in the caller's transaction when there is one.
 */
export async function balanceCreditOf(
  em: EntityManager,
  amount: bigint,
  currency: string,
  clientCurrency: string | null,
): Promise<{ amount: string; currency: string } | null> {
  const rows = await db(em).selectFrom('currency').select(['code', 'rate', 'minor_units', 'is_default']).execute();
  const balanceCurrency = clientCurrency ?? rows.find((r) => r.is_default)?.code ?? currency;
  if (balanceCurrency === currency) return { amount: toDecimalString(amount), currency };
  const from = rows.find((r) => r.code === currency);
  const to = rows.find((r) => r.code === balanceCurrency);
  if (!from || !to) return null;
  const rateOf = (r: { rate: string; is_default: boolean }) => (r.is_default ? '1' : r.rate);
  return {
    amount: toDecimalString(roundToMinor(convertBetween(amount, rateOf(from), rateOf(to)), to.minor_units)),
    currency: balanceCurrency,
  };
}

/** The currency a client's credit balance is held in: the client's, else the store default. */
export async function balanceCurrencyOf(em: EntityManager, clientCurrency: string | null): Promise<string | null> {
  if (clientCurrency) return clientCurrency;
  const row = await db(em).selectFrom('currency').select('code').where('is_default', '=', true).limit(1).executeTakeFirst();
  return row?.code ?? null;
}
