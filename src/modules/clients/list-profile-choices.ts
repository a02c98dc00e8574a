import type { EntityManager } from '@mikro-orm/postgresql';
import { Currency } from '../settings/settings.entities.ts';
import { listLanguages } from '../settings/list-languages.ts';

export interface ProfileChoices {
  currencies: { code: string; name: string }[];
  languages: { code: string; name: string }[];
}

/** The store's currencies and languages for a profile form, defaults first. */
export async function listProfileChoices(em: EntityManager): Promise<ProfileChoices> {
  const [currencies, languages] = await Promise.all([
    em.find(Currency, {}, { orderBy: { isDefault: 'desc', position: 'asc', code: 'asc' }, fields: ['code', 'name'] }),
    listLanguages(em),
  ]);
  return {
    currencies: currencies.map((c) => ({ code: c.code, name: c.name })),
    languages: languages.map((l) => ({ code: l.code, name: l.name })),
  };
}
