import type { EntityManager } from '@mikro-orm/postgresql';
import { Currency, TaxRate } from './settings.entities.ts';
import { addCurrency, saveCurrency } from './save-currency.ts';
import { addTaxRate, saveTaxRate } from './save-tax-rate.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

// The API's create and update over the settings form's actions: create refuses a taken key
// (409, also when another create of that key wins the same moment), update refuses an unknown
// one (404) and keeps the fields it is not sent. The rules and the caches dropped are the form's.

/** A settings row named by one upper-case key (a currency code, a country). */
type KeyedSpec<Plain extends Record<string, unknown>> = {
  /** The key's field in the body and in the plain row. */
  field: string & keyof Plain;
  /** What a key looks like; a create with another key goes straight to the form's validation. */
  shape: RegExp;
  find: (em: EntityManager, key: string) => Promise<Plain | null>;
  findAll: (em: EntityManager) => Promise<Plain[]>;
  /** The settings form's upsert; answers with the saved key. */
  save: (em: EntityManager, raw: Record<string, unknown>) => Promise<string>;
  /** The same for a key not stored yet: null when it is, decided by the write itself (two at once: one adds). */
  add: (em: EntityManager, raw: Record<string, unknown>) => Promise<string | null>;
  notFound: string;
  taken: (key: string) => string;
};

export type KeyedResource = ReturnType<typeof keyedResource>;

export function keyedResource<Plain extends Record<string, unknown>>(spec: KeyedSpec<Plain>) {
  const get = async (em: EntityManager, key: string) => {
    const row = await spec.find(em.fork(), key.toUpperCase());
    if (!row) throw new NotFound(spec.notFound);
    return row;
  };
  return {
    list: (em: EntityManager) => spec.findAll(em.fork()),
    get,
    async create(em: EntityManager, raw: Record<string, unknown>) {
      const value = raw[spec.field];
      const key = typeof value === 'string' ? value.trim().toUpperCase() : '';
      if (spec.shape.test(key) && (await spec.find(em.fork(), key))) throw new Conflict(spec.taken(key), spec.field);
      const added = await spec.add(em, raw);
      if (added === null) throw new Conflict(spec.taken(key), spec.field);
      return get(em, added);
    },
    async update(em: EntityManager, key: string, raw: Record<string, unknown>) {
      const current = await get(em, key);
      return get(em, await spec.save(em, { ...current, ...raw, [spec.field]: current[spec.field] }));
    },
  };
}

const plainCurrency = (c: { code: string; name: string; minorUnits: number; rate: string; isDefault: boolean; position: number }) => ({
  code: c.code,
  name: c.name,
  minorUnits: c.minorUnits,
  rate: c.rate,
  isDefault: c.isDefault,
  position: c.position,
});
const plainTaxRate = (r: { country: string; name: string; rate: string }) => ({ country: r.country, name: r.name, rate: r.rate });

export const currencies = keyedResource({
  field: 'code',
  shape: /^.+$/,
  find: async (em, code) => {
    const row = await em.findOne(Currency, { code });
    return row && plainCurrency(row);
  },
  findAll: async (em) => (await em.find(Currency, {}, { orderBy: { isDefault: 'desc', position: 'asc', code: 'asc' } })).map(plainCurrency),
  save: async (em, raw) => (await saveCurrency(em, raw)).code,
  add: async (em, raw) => (await addCurrency(em, raw))?.code ?? null,
  notFound: 'That currency',
  taken: (code) => `${code} is already a currency; change it with PATCH.`,
});

export const taxRates = keyedResource({
  field: 'country',
  shape: /^[A-Z]{2}$/,
  find: async (em, country) => {
    const row = await em.findOne(TaxRate, { country });
    return row && plainTaxRate(row);
  },
  findAll: async (em) => (await em.find(TaxRate, {}, { orderBy: { country: 'asc' } })).map(plainTaxRate),
  save: async (em, raw) => (await saveTaxRate(em, raw)).country,
  add: async (em, raw) => (await addTaxRate(em, raw))?.country ?? null,
  notFound: 'That tax rate',
  taken: (country) => `${country} already has a tax rate; change it with PATCH.`,
});
