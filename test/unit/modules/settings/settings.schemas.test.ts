import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { billingSettingsInput, currencyInput, languageInput, taxRateInput } from '../../../../src/modules/settings/settings.schemas.ts';

function problems(schema: z.ZodType, input: unknown): Record<string, string> {
  const r = schema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const i of r.error.issues) out[i.path.join('.')] ??= i.message;
  return out;
}

const RATE_MESSAGE = 'Enter a positive rate with at most 8 decimals, e.g. 0.92.';

describe('currencyInput', () => {
  const base = { code: 'eur', name: 'Euro', rate: '0.92' };

  it('normalises a form submission', () => {
    expect(currencyInput.parse(base)).toEqual({ code: 'EUR', name: 'Euro', minorUnits: 2, rate: '0.92', isDefault: false });
  });

  it.each<[unknown, string]>([
    ['1', '1'],
    [' 0.92 ', '0.92'],
    ['0.00000001', '0.00000001'],
    ['150.12345678', '150.12345678'],
    ['000001', '000001'],
    [1.5, '1.5'],
    [110, '110'],
    ['999999999999', '999999999999'],
  ])('accepts the rate %o as %j', (rate, expected) => {
    expect(currencyInput.parse({ ...base, rate }).rate).toBe(expected);
  });

  it.each<[unknown]>([
    ['0'],
    ['0.00000000'],
    ['000'],
    [0],
    ['-1'],
    [-0.5],
    ['abc'],
    [''],
    [undefined],
    [null],
    ['1.123456789'],
    ['1e3'],
    ['1,5'],
    ['.5'],
    ['1.'],
    ['1000000000000'],
    [['1']],
    [{ rate: 1 }],
    [true],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
  ])('refuses the rate %o', (rate) => {
    expect(problems(currencyInput, { ...base, rate })).toEqual({ rate: RATE_MESSAGE });
  });

  it.each<[Record<string, unknown>, Record<string, string>]>([
    [{ minorUnits: '0' }, {}],
    [{ minorUnits: '4' }, {}],
    [{ minorUnits: '5' }, { minorUnits: 'Use 4 or less.' }],
    [{ minorUnits: '-1' }, { minorUnits: 'Use 0 or more.' }],
    [{ code: 'EURO' }, { code: 'Use a three-letter currency code such as USD.' }],
    [{ code: 'E1R' }, { code: 'Use a three-letter currency code such as USD.' }],
    [{ name: '' }, { name: 'Enter a name.' }],
    [{ name: 'n'.repeat(61) }, { name: 'Use at most 60 characters.' }],
  ])('%o -> %o', (over, expected) => {
    expect(problems(currencyInput, { ...base, ...over })).toEqual(expected);
  });
});

describe('taxRateInput', () => {
  const base = { country: 'de', name: 'VAT', rate: '19' };

  it('normalises a form submission', () => {
    expect(taxRateInput.parse(base)).toEqual({ country: 'DE', name: 'VAT', rate: '19.0000' });
  });

  it.each<[unknown, string]>([
    ['0', '0.0000'],
    [0, '0.0000'],
    ['19', '19.0000'],
    ['7.7', '7.7000'],
    ['8.875', '8.8750'],
    ['0.0001', '0.0001'],
    ['99.9999', '99.9999'],
    ['100', '100.0000'],
    [100, '100.0000'],
    [' 20 ', '20.0000'],
  ])('accepts the percent %o as %j', (rate, expected) => {
    expect(taxRateInput.parse({ ...base, rate }).rate).toBe(expected);
  });

  it.each<[unknown, string]>([
    ['100.0001', 'A rate is a percent from 0 to 100.'],
    ['101', 'A rate is a percent from 0 to 100.'],
    [150, 'A rate is a percent from 0 to 100.'],
    ['999999999999999', 'A rate is a percent from 0 to 100.'],
    ['-1', 'A rate is a percent from 0 to 100.'],
    [-0.5, 'A rate is a percent from 0 to 100.'],
    ['19.00001', 'Use at most 4 decimal places.'],
    ['abc', 'Enter a number such as 12.50.'],
    ['19%', 'Enter a number such as 12.50.'],
    ['', 'Enter an amount.'],
    [undefined, 'Enter an amount.'],
    [null, 'Enter an amount.'],
    [['19'], 'Enter a number.'],
  ])('refuses the percent %o with %j', (rate, message) => {
    expect(problems(taxRateInput, { ...base, rate })).toEqual({ rate: message });
  });

  it.each<[unknown, string]>([
    ['DEU', 'Use a two-letter country code such as DE.'],
    ['D', 'Use a two-letter country code such as DE.'],
    ['1A', 'Use a two-letter country code such as DE.'],
    [49, 'Enter a country code.'],
    [undefined, 'Enter a country code.'],
  ])('refuses the country %o', (country, message) => {
    expect(problems(taxRateInput, { ...base, country })).toEqual({ country: message });
  });
});

describe('billingSettingsInput', () => {
  const base = { invoiceDaysBefore: '7', suspendAfterDays: '3', terminateAfterDays: '14', reservationMinutes: '30' };

  it.each<[Record<string, unknown>, Record<string, string>]>([
    [{}, {}],
    [{ suspendAfterDays: '14', terminateAfterDays: '14' }, {}],
    [{ suspendAfterDays: '15', terminateAfterDays: '14' }, { terminateAfterDays: 'Terminate on or after the day services are suspended.' }],
    [{ invoiceDaysBefore: '91' }, { invoiceDaysBefore: 'Use 90 or less.' }],
    [{ invoiceDaysBefore: '-1' }, { invoiceDaysBefore: 'Use 0 or more.' }],
    [{ reservationMinutes: '0' }, { reservationMinutes: 'Use 1 or more.' }],
    [{ reservationMinutes: 'soon' }, { reservationMinutes: 'Enter a number of minutes from 1 to 10080.' }],
  ])('%o -> %o', (over, expected) => {
    expect(problems(billingSettingsInput, { ...base, ...over })).toEqual(expected);
  });
});

describe('languageInput', () => {
  it.each<[Record<string, unknown>, Record<string, string>]>([
    [{ code: 'en', name: 'English' }, {}],
    [{ code: 'pt-BR', name: 'Português (Brasil)' }, {}],
    [{ code: 'EN', name: 'English' }, { code: 'Use a language code such as en or pt-BR.' }],
    [{ code: 'pt_br', name: 'Português' }, { code: 'Use a language code such as en or pt-BR.' }],
    [{ code: 'en', name: '' }, { name: 'Enter a name.' }],
  ])('%o -> %o', (input, expected) => {
    expect(problems(languageInput, input)).toEqual(expected);
  });
});
