import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { TaxRate } from './settings.entities.ts';
import { taxRateInput } from './settings.schemas.ts';
import { NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

export async function saveTaxRate(em: EntityManager, raw: unknown) {
  const input = parseInput(taxRateInput, raw);
  await em.upsert(TaxRate, input);
  return input;
}

/**
 * saveTaxRate for a country without a rate yet: null when it has one. One INSERT, so of two
 * adding one country at once the second waits for the first and then finds its row.
 */
export async function addTaxRate(em: EntityManager, raw: unknown) {
  const input = parseInput(taxRateInput, raw);
  try {
    await em.insert(TaxRate, input);
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) return null;
    throw err;
  }
  return input;
}

export async function removeTaxRate(em: EntityManager, country: string) {
  const n = await em.nativeDelete(TaxRate, { country: country.toUpperCase() });
  if (!n) throw new NotFound('That tax rate');
}
