import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, countryName, countryOptions, isCountryCode } from '../../../../../src/modules/settings/rules/countries.ts';

describe('countries', () => {
  it('holds the 249 ISO 3166-1 alpha-2 codes, each once, each with a name', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    for (const code of COUNTRY_CODES) expect(countryName(code), code).not.toBe(code);
  });

  it.each([
    ['DE', true],
    ['GB', true],
    ['UK', false],
    ['EU', false],
    ['de', false],
    ['', false],
    ['ZZ', false],
  ])('%s is a country code: %s', (code, expected) => {
    expect(isCountryCode(code)).toBe(expected);
  });

  it('sorts the options by name', () => {
    const names = countryOptions().map(([, name]) => name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    expect(countryName(null)).toBe('');
  });
});
