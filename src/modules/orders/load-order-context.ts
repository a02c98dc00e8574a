import type { EntityManager } from '@mikro-orm/postgresql';
import { Currency, TaxRate } from '../settings/settings.entities.ts';
import { DomainError } from '../shared/errors.ts';
import type { OrderCurrency } from '../pricing/rules/quote.ts';

/** The store facts a quote needs: the order currency (with its rate), the default currency, the tax rate. */
export async function loadOrderContext(em: EntityManager, opts: { currency?: string | null; country?: string | null }) {
  const currencies = await em.find(Currency, {});
  const def = currencies.find((c) => c.isDefault);
  if (!def) throw new DomainError('The store has no default currency yet.', 'currency');
  const code = opts.currency ?? def.code;
  const row = currencies.find((c) => c.code === code);
  if (!row) throw new DomainError(`${code} is not one of the store's currencies.`, 'currency');
  const tax = opts.country ? await em.findOne(TaxRate, { country: opts.country }) : null;
  const currency: OrderCurrency = { code: row.code, minorUnits: row.minorUnits, rate: row.isDefault ? '1' : row.rate };
  return { currency, defaultCurrency: def.code, taxRate: tax ? tax.rate : null };
}
