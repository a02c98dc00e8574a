import type { EntityManager } from '@mikro-orm/postgresql';
import { listCurrencyCodes } from '../settings/list-currency-codes.ts';
import { listLanguages } from '../settings/list-languages.ts';
import { DomainError } from '../shared/errors.ts';

/**
 * A client's preferred currency and language must be ones the store offers; left out, they are
 * the store's defaults (null while the store has none).
 */
export async function checkPreferences(em: EntityManager, input: { currency?: string; language?: string }) {
  const [currencies, languages] = await Promise.all([listCurrencyCodes(em), listLanguages(em)]);
  const errors: Record<string, string> = {};
  if (input.currency && !currencies.includes(input.currency)) errors.currency = 'Choose one of the currencies in the list.';
  if (input.language && !languages.some((l) => l.code === input.language)) errors.language = 'Choose one of the languages in the list.';
  if (Object.keys(errors).length) throw DomainError.fromFields(errors);
  return {
    currency: input.currency ?? currencies[0] ?? null,
    language: input.language ?? languages[0]?.code ?? null,
  };
}
