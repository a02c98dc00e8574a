import type { EntityManager } from '@mikro-orm/postgresql';
import { cached } from '../../db/cache.ts';
import { db } from '../../db/database.ts';

export interface StoreCurrency {
  code: string;
  minorUnits: number;
  /** Units of this currency per unit of the default one, as stored ("1" for the default). */
  rate: string;
  isDefault: boolean;
}

/**
 * The store's currencies, default first. Read on every store page, quote and checkout, written
 * from one settings form: cached, and dropped when the currency table changes.
 */
export function storeCurrencies(em: EntityManager): Promise<readonly StoreCurrency[]> {
  return cached(em, 'store-currencies', ['currency'], async () => {
    const rows = await db(em)
      .selectFrom('currency')
      .select(['code', 'minor_units', 'rate', 'is_default'])
      .orderBy('is_default', 'desc')
      .orderBy('position')
      .orderBy('code')
      .execute();
    return rows.map((r) => ({ code: r.code, minorUnits: r.minor_units, rate: r.rate, isDefault: r.is_default }));
  });
}

/** A country's tax rate ("20.00"), or null when none is set for it. */
export function taxRateFor(em: EntityManager, country: string): Promise<string | null> {
  return cached(em, `tax-rate:${country}`, ['tax_rate'], async () => {
    const row = await db(em).selectFrom('tax_rate').select('rate').where('country', '=', country).executeTakeFirst();
    return row?.rate ?? null;
  });
}
