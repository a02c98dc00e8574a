import type { EntityManager } from '@mikro-orm/postgresql';
import { storeCurrencies } from '../settings/store-currencies.ts';
import { taxTreatmentFor } from '../settings/tax-treatment-for.ts';
import { DomainError } from '../shared/errors.ts';
import type { OrderCurrency } from '../pricing/rules/quote.ts';

/**
 * The store facts a quote needs: the order currency (with its rate), the default currency, the
 * tax rate (the buyer's country rate, or 0 under EU reverse charge when a VAT ID is given).
 */
export async function loadOrderContext(
  em: EntityManager,
  opts: { currency?: string | null; country?: string | null; vatId?: string | null },
) {
  const [currencies, { rate: taxRate, reverseCharge }] = await Promise.all([
    storeCurrencies(em),
    taxTreatmentFor(em, { country: opts.country ?? null, vatId: opts.vatId ?? null }),
  ]);
  const def = currencies.find((c) => c.isDefault);
  if (!def) throw new DomainError('The store has no default currency yet.', 'currency');
  const code = opts.currency ?? def.code;
  const row = currencies.find((c) => c.code === code);
  if (!row) throw new DomainError(`${code} is not one of the store's currencies.`, 'currency');
  const currency: OrderCurrency = { code: row.code, minorUnits: row.minorUnits, rate: row.isDefault ? '1' : row.rate };
  return { currency, defaultCurrency: def.code, taxRate, reverseCharge };
}
