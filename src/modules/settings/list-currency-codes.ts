import type { EntityManager } from '@mikro-orm/postgresql';
import { Currency } from './settings.entities.ts';

/** The store's currency codes, default first. */
export async function listCurrencyCodes(em: EntityManager): Promise<string[]> {
  const rows = await em.find(Currency, {}, { orderBy: { isDefault: 'desc', position: 'asc', code: 'asc' }, fields: ['code'] });
  return rows.map((r) => r.code);
}
