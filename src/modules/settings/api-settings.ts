import type { EntityManager } from '@mikro-orm/postgresql';
import { Currency, TaxRate } from './settings.entities.ts';
import { saveCurrency } from './save-currency.ts';
import { saveTaxRate } from './save-tax-rate.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

// The API's create and update over the settings form's upserts: create refuses a taken key
// (409), update refuses an unknown one (404) and keeps the fields it is not sent. The rules
// and the caches dropped are the form's, through the same actions.

const plainCurrency = (c: { code: string; name: string; minorUnits: number; rate: string; isDefault: boolean; position: number }) => ({
  code: c.code,
  name: c.name,
  minorUnits: c.minorUnits,
  rate: c.rate,
  isDefault: c.isDefault,
  position: c.position,
});
const plainTaxRate = (r: { country: string; name: string; rate: string }) => ({ country: r.country, name: r.name, rate: r.rate });

export async function listCurrencies(em: EntityManager) {
  const rows = await em.fork().find(Currency, {}, { orderBy: { isDefault: 'desc', position: 'asc', code: 'asc' } });
  return rows.map(plainCurrency);
}

export async function getCurrency(em: EntityManager, code: string) {
  const row = await em.fork().findOne(Currency, { code: code.toUpperCase() });
  if (!row) throw new NotFound('That currency');
  return plainCurrency(row);
}

export async function createCurrency(em: EntityManager, raw: Record<string, unknown>) {
  const code = typeof raw.code === 'string' ? raw.code.trim().toUpperCase() : '';
  if (code && (await em.fork().findOne(Currency, { code })))
    throw new Conflict(`${code} is already a currency; change it with PATCH.`, 'code');
  const saved = await saveCurrency(em, raw);
  return getCurrency(em, saved.code);
}

export async function updateCurrency(em: EntityManager, code: string, raw: Record<string, unknown>) {
  const current = await getCurrency(em, code);
  const saved = await saveCurrency(em, { ...current, ...raw, code: current.code });
  return getCurrency(em, saved.code);
}

export async function listTaxRates(em: EntityManager) {
  return (await em.fork().find(TaxRate, {}, { orderBy: { country: 'asc' } })).map(plainTaxRate);
}

export async function getTaxRate(em: EntityManager, country: string) {
  const row = await em.fork().findOne(TaxRate, { country: country.toUpperCase() });
  if (!row) throw new NotFound('That tax rate');
  return plainTaxRate(row);
}

export async function createTaxRate(em: EntityManager, raw: Record<string, unknown>) {
  const country = typeof raw.country === 'string' ? raw.country.trim().toUpperCase() : '';
  if (/^[A-Z]{2}$/.test(country) && (await em.fork().findOne(TaxRate, { country })))
    throw new Conflict(`${country} already has a tax rate; change it with PATCH.`, 'country');
  const saved = await saveTaxRate(em, raw);
  return getTaxRate(em, saved.country);
}

export async function updateTaxRate(em: EntityManager, country: string, raw: Record<string, unknown>) {
  const current = await getTaxRate(em, country);
  const saved = await saveTaxRate(em, { ...current, ...raw, country: current.country });
  return getTaxRate(em, saved.country);
}
