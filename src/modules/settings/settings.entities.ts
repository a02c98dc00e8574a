import { defineEntity, p } from '@mikro-orm/core';

export const Setting = defineEntity({
  name: 'Setting',
  tableName: 'setting',
  properties: {
    key: p.string().length(60).primary(),
    value: p.json<unknown>(),
  },
});

/** `rate`: how many units of this currency one unit of the default currency buys. */
export const Currency = defineEntity({
  name: 'Currency',
  tableName: 'currency',
  properties: {
    code: p.string().length(3).primary(),
    name: p.string().length(60).default(''),
    minorUnits: p.smallint().default(2),
    rate: p.decimal('string').precision(20).scale(8).default('1'),
    isDefault: p.boolean().default(false),
    position: p.integer().default(0),
  },
});

export const Language = defineEntity({
  name: 'Language',
  tableName: 'language',
  properties: {
    code: p.string().length(10).primary(),
    name: p.string().length(60),
    isDefault: p.boolean().default(false),
  },
});

/** Percent, up to 4 decimals (e.g. 19.0000). */
export const TaxRate = defineEntity({
  name: 'TaxRate',
  tableName: 'tax_rate',
  properties: {
    country: p.string().length(2).primary(),
    name: p.string().length(60).default(''),
    rate: p.decimal('string').precision(7).scale(4),
  },
});
