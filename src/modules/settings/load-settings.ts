import type { EntityManager } from '@mikro-orm/postgresql';
import { Currency, Language, TaxRate } from './settings.entities.ts';
import { getBillingSettings } from './billing-settings.ts';

export async function loadSettings(em: EntityManager) {
  const [currencies, languages, taxRates, billing] = await Promise.all([
    em.find(Currency, {}, { orderBy: { isDefault: 'desc', position: 'asc', code: 'asc' } }),
    em.find(Language, {}, { orderBy: { isDefault: 'desc', code: 'asc' } }),
    em.find(TaxRate, {}, { orderBy: { country: 'asc' } }),
    getBillingSettings(em, { fresh: true }),
  ]);
  return { currencies, languages, taxRates, billing };
}
