import type { EntityManager } from '@mikro-orm/postgresql';
import { storeCurrencies, taxRateFor } from '../settings/store-currencies.ts';
import { DomainError } from '../shared/errors.ts';
import type { OrderCurrency } from '../pricing/rules/quote.ts';

/** The store facts a quote needs: the order currency (with its rate), the default currency, the tax rate. */
export async function loadOrderContext(em: EntityManager, opts: { currency?: string | null; country?: string | null }) {
  const [currencies, taxRate] = await Promise.all([storeCurrencies(em), opts.country ? taxRateFor(em, opts.country) : null]);
  const def = currencies.find((c) => c.isDefault);
  if (!def) throw new DomainError('The store has no default currency yet.', 'currency');
  const code = opts.currency ?? def.code;
  const row = currencies.find((c) => c.code === code);
  if (!row) throw new DomainError(`${code} is not one of the store's currencies.`, 'currency');
  const currency: OrderCurrency = { code: row.code, minorUnits: row.minorUnits, rate: row.isDefault ? '1' : row.rate };
  return { currency, defaultCurrency: def.code, taxRate };
}
