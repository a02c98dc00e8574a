import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatMoney,
  fromDecimalString,
  parseAmount,
  roundToMinor,
  sum,
  toDecimalString,
  type Units,
} from '../../../../src/modules/shared/money.ts';

describe('parseAmount accepts', () => {
  it.each<[unknown, Units]>([
    ['12.50', 125_000n],
    ['12.5', 125_000n],
    ['0', 0n],
    ['0.0001', 1n],
    ['0.0385', 385n],
    ['  7 ', 70_000n],
    ['+5', 50_000n],
    ['-0', 0n],
    ['1,234.50', 12_345_000n],
    ['1,234,567', 12_345_670_000n],
    ['000012.5', 125_000n],
    // A trailing point or a missing leading zero is read as a person means it.
    ['12.', 120_000n],
    ['.5', 5_000n],
    // Numbers from JSON clients.
    [12.5, 125_000n],
    [0, 0n],
    [-0, 0n],
    [3, 30_000n],
    // The largest value a numeric(19,4) column holds (15 digits before the point).
    ['999999999999999.9999', 10n ** 19n - 1n],
  ])('%j -> %s units', (input, units) => {
    expect(parseAmount(input)).toEqual({ ok: true, units });
  });
});

describe('parseAmount refuses', () => {
  it.each<[unknown, string]>([
    ['', 'Enter an amount.'],
    ['   ', 'Enter an amount.'],
    [',', 'Use a point for decimals, e.g. 12.50.'],
    ['abc', 'Enter a number such as 12.50.'],
    ['1e5', 'Enter a number such as 12.50.'],
    ['.', 'Enter a number such as 12.50.'],
    ['-', 'Enter a number such as 12.50.'],
    ['+', 'Enter a number such as 12.50.'],
    ['12.5.0', 'Enter a number such as 12.50.'],
    ['1 000', 'Enter a number such as 12.50.'],
    ['$12', 'Enter a number such as 12.50.'],
    ['0x10', 'Enter a number such as 12.50.'],
    ['Infinity', 'Enter a number such as 12.50.'],
    ['--1', 'Enter a number such as 12.50.'],
    ['12.50001', 'Use at most 4 decimal places.'],
    ['0.00001', 'Use at most 4 decimal places.'],
    ['-1', 'The amount cannot be negative.'],
    ['-0.0001', 'The amount cannot be negative.'],
    ['1000000000000000', 'That amount is too large.'],
    ['99999999999999999999999999', 'That amount is too large.'],
    [Number.NaN, 'Enter a number.'],
    [Number.POSITIVE_INFINITY, 'Enter a number.'],
    [null, 'Enter a number.'],
    [undefined, 'Enter a number.'],
    [true, 'Enter a number.'],
    [['12'], 'Enter a number.'],
    [{ amount: '12' }, 'Enter a number.'],
    [12n, 'Enter a number.'],
    // Floats that are not what they look like never sneak through.
    [0.1 + 0.2, 'Use at most 4 decimal places.'],
    [1e21, 'Enter a number such as 12.50.'],
    [-5, 'The amount cannot be negative.'],
  ])('%o with "%s"', (input, error) => {
    expect(parseAmount(input)).toEqual({ ok: false, error });
  });

  // NOTE: a European "12,50" must never be read as 1250.0000, a hundred times the amount meant.
  it.each(['12,50', '1,2,3', '1234,5', '12,5000'])('%j, whose commas are not thousands separators', (input) => {
    expect(parseAmount(input)).toMatchObject({ ok: false });
  });
});

describe('parseAmount with allowNegative', () => {
  it.each<[string, Units]>([
    ['-12.50', -125_000n],
    ['-0.0001', -1n],
    ['-.5', -5_000n],
    ['-999999999999999.9999', -(10n ** 19n - 1n)],
  ])('%j -> %s units', (input, units) => {
    expect(parseAmount(input, { allowNegative: true })).toEqual({ ok: true, units });
  });

  it('still refuses a negative amount too large for the column', () => {
    expect(parseAmount('-1000000000000000', { allowNegative: true })).toEqual({ ok: false, error: 'That amount is too large.' });
  });

  it('still refuses 5 decimals', () => {
    expect(parseAmount('-1.00001', { allowNegative: true })).toEqual({ ok: false, error: 'Use at most 4 decimal places.' });
  });
});

describe('toDecimalString / fromDecimalString', () => {
  it.each<[Units, string]>([
    [0n, '0.0000'],
    [1n, '0.0001'],
    [125_000n, '12.5000'],
    [-125_000n, '-12.5000'],
    [-1n, '-0.0001'],
    [10n ** 19n - 1n, '999999999999999.9999'],
  ])('%s units <-> %j', (units, text) => {
    expect(toDecimalString(units)).toBe(text);
    expect(fromDecimalString(text)).toBe(units);
  });

  it.each(['12.5', '12.50', '12', '-3.1', '0.0385'])('reads a column value %j written in a shorter form', (value) => {
    expect(toDecimalString(fromDecimalString(value))).toBe(Number(value).toFixed(4));
  });

  it.each(['', 'abc', '1.00001', '1e3'])('throws on junk %j', (value) => {
    expect(() => fromDecimalString(value)).toThrow(`Not a stored amount: ${value}`);
  });
});

describe('roundToMinor (half away from zero)', () => {
  it.each<[Units, number, Units]>([
    // 2 minor units: steps of 100 units.
    [12_345n, 2, 12_300n], // 1.2345 -> 1.23
    [12_350n, 2, 12_400n], // 1.2350 -> 1.24 (half up)
    [12_349n, 2, 12_300n],
    [12_399n, 2, 12_400n],
    [-12_350n, 2, -12_400n], // -1.2350 -> -1.24 (half away from zero)
    [-12_349n, 2, -12_300n],
    [-12_345n, 2, -12_300n],
    [50n, 2, 100n], // 0.0050 -> 0.01
    [-50n, 2, -100n],
    [49n, 2, 0n],
    [-49n, 2, 0n],
    [0n, 2, 0n],
    [12_300n, 2, 12_300n],
    // 0 minor units (JPY): steps of 10000 units.
    [25_000n, 0, 30_000n], // 2.5 -> 3
    [24_999n, 0, 20_000n],
    [-25_000n, 0, -30_000n], // -2.5 -> -3
    [-24_999n, 0, -20_000n],
    [5_000n, 0, 10_000n],
    [4_999n, 0, 0n],
    // 4 minor units: nothing to round.
    [12_345n, 4, 12_345n],
    [-1n, 4, -1n],
  ])('%s units to %i decimals -> %s', (units, minor, expected) => {
    expect(roundToMinor(units, minor)).toBe(expected);
  });

  it('DOMAIN: three lines of 0.3333 are totaled first, then rounded, giving 1.00', () => {
    const lines = ['0.3333', '0.3333', '0.3333'].map(fromDecimalString);
    const total = sum(lines);
    expect(total).toBe(9_999n);
    expect(roundToMinor(total, 2)).toBe(10_000n);
    expect(toDecimalString(roundToMinor(total, 2))).toBe('1.0000');
    expect(formatMoney(total, 'USD')).toBe('1.00 USD');
    // Rounding per line would have lost a cent: the rule is to round after totaling.
    expect(sum(lines.map((l) => roundToMinor(l, 2)))).toBe(9_900n);
  });
});

describe('formatMoney', () => {
  it.each<[Units, string, number | undefined, string]>([
    [12_345_000n, 'USD', undefined, '1,234.50 USD'],
    [0n, 'USD', 2, '0.00 USD'],
    [1n, 'USD', 2, '0.00 USD'],
    [-1n, 'USD', 2, '0.00 USD'], // never "-0.00"
    [50n, 'EUR', 2, '0.01 EUR'],
    [-12_345_000n, 'USD', 2, '-1,234.50 USD'],
    [9_999n, 'USD', 2, '1.00 USD'],
    [12_345_678_900_000n, 'EUR', 2, '1,234,567,890.00 EUR'],
    [10n ** 19n - 1n, 'USD', 2, '1,000,000,000,000,000.00 USD'],
    [1_000n * 10_000n, 'USD', 2, '1,000.00 USD'],
    [999n * 10_000n, 'USD', 2, '999.00 USD'],
    // JPY has no minor unit: no point, rounded half away from zero.
    [12_345_678n * 10_000n + 5_000n, 'JPY', 0, '12,345,679 JPY'],
    [12_345_678n * 10_000n + 4_999n, 'JPY', 0, '12,345,678 JPY'],
    [-(1_500n * 10_000n + 5_000n), 'JPY', 0, '-1,501 JPY'],
    [0n, 'JPY', 0, '0 JPY'],
    // 3 minor units (KWD).
    [12_345_675n, 'KWD', 3, '1,234.568 KWD'],
  ])('%s units in %s (%s decimals) -> %j', (units, currency, minor, expected) => {
    expect(formatMoney(units, currency, minor)).toBe(expected);
  });
});

describe('formatAmount shows 2 to 4 decimals', () => {
  it.each<[Units, string]>([
    [150_000n, '15.00'],
    [125_000n, '12.50'],
    [385n, '0.0385'],
    [12_340n, '1.234'],
    [12_345n, '1.2345'],
    [0n, '0.00'],
    [-125_000n, '-12.50'],
  ])('%s units -> %j', (units, expected) => {
    expect(formatAmount(units)).toBe(expected);
  });
});

describe('sum', () => {
  it.each<[Units[], Units]>([
    [[], 0n],
    [[1n, 2n, 3n], 6n],
    [[125_000n, -125_000n], 0n],
  ])('%o -> %s', (values, expected) => {
    expect(sum(values)).toBe(expected);
  });
});
