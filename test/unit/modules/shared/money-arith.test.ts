import { describe, expect, it } from 'vitest';
import { applyRate, fromDecimalString, mulDiv, multiply, percentOf, toDecimalString } from '../../../../src/modules/shared/money.ts';

const u = fromDecimalString;
const s = toDecimalString;

describe('mulDiv rounds half away from zero to whole 1/10000 units', () => {
  it.each<[string, string, bigint, bigint, string]>([
    ['an exact division', '30', 1n, 2n, '15.0000'],
    ['the pro rata example (22/31 × 30 = 21.29032…)', '30', 22n, 31n, '21.2903'],
    ['the pro rata stub (7/31 × 30 = 6.77419…)', '30', 7n, 31n, '6.7742'],
    ['exactly half a unit goes up', '0.0001', 1n, 2n, '0.0001'],
    ['just under half a unit goes down', '0.0001', 49n, 100n, '0.0000'],
    ['exactly half a unit, negative, goes down (away from zero)', '-0.0001', 1n, 2n, '-0.0001'],
    ['a negative amount just under half', '-0.0001', 49n, 100n, '0.0000'],
    ['a negative numerator', '10', -1n, 3n, '-3.3333'],
    ['a negative denominator', '10', 2n, -3n, '-6.6667'],
    ['both negative', '-10', 2n, -3n, '6.6667'],
    ['zero amount', '0', 5n, 7n, '0.0000'],
    ['zero numerator', '99.9999', 0n, 7n, '0.0000'],
    ['a large amount stays exact', '999999999999999.9999', 1n, 1n, '999999999999999.9999'],
    ['a large intermediate product', '999999999999999.9999', 366n, 366n, '999999999999999.9999'],
  ])('%s', (_label, amount, num, den, expected) => {
    expect(s(mulDiv(u(amount), num, den))).toBe(expected);
  });

  it('refuses a zero denominator', () => {
    expect(() => mulDiv(10_000n, 1n, 0n)).toThrow(RangeError);
  });
});

describe('applyRate converts at an exchange rate of up to 8 decimals', () => {
  it.each<[string, string, string, string]>([
    ['rate 1 keeps the amount', '12.3456', '1', '12.3456'],
    ['USD → EUR at 0.92', '10', '0.92', '9.2000'],
    ['USD → JPY at 151.2', '9.99', '151.2', '1510.4880'],
    ['a rate as the numeric(20,8) column returns it', '9.99', '0.92000000', '9.1908'],
    ['an 8-decimal rate', '100', '0.12345678', '12.3457'],
    ['rounding half up at the 4th decimal', '0.0001', '0.5', '0.0001'],
    ['rounding down below half', '0.0001', '0.49999999', '0.0000'],
    ['a negative amount (a credit) rounds away from zero', '-0.0001', '0.5', '-0.0001'],
    ['zero', '0', '151.2', '0.0000'],
  ])('%s', (_label, amount, rate, expected) => {
    expect(s(applyRate(u(amount), rate))).toBe(expected);
  });

  it.each([
    ['more than 8 decimals', '0.123456789'],
    ['zero (no currency is worth nothing)', '0'],
    ['zero with decimals', '0.00000000'],
    ['a negative rate', '-0.92'],
    ['an exponent', '1e2'],
    ['a comma', '0,92'],
    ['empty', ''],
    ['a trailing point', '1.'],
  ])('refuses %s', (_label, rate) => {
    expect(() => applyRate(10_000n, rate)).toThrow(RangeError);
  });
});

describe('percentOf takes a tax rate of up to 4 decimals', () => {
  it.each<[string, string, string, string]>([
    ['19% of 100', '100', '19.0000', '19.0000'],
    ['19% of 1.00', '1.00', '19', '0.1900'],
    ['7.5% of 9.99 (0.74925 → half up)', '9.99', '7.5', '0.7493'],
    ['8.875% of 10', '10', '8.875', '0.8875'],
    ['0% of anything', '123.45', '0.0000', '0.0000'],
    ['100%', '42.4242', '100', '42.4242'],
    ['a fractional unit result rounds', '0.0001', '50', '0.0001'],
    ['a negative amount rounds away from zero', '-0.0001', '50', '-0.0001'],
  ])('%s', (_label, amount, pct, expected) => {
    expect(s(percentOf(u(amount), pct))).toBe(expected);
  });

  it.each([
    ['more than 4 decimals', '19.00001'],
    ['a negative rate', '-19'],
    ['a percent sign', '19%'],
    ['empty', ''],
  ])('refuses %s', (_label, pct) => {
    expect(() => percentOf(10_000n, pct)).toThrow(RangeError);
  });
});

describe('multiply by a whole count', () => {
  it.each<[string, string, number, string]>([
    ['three units', '21.2903', 3, '63.8709'],
    ['one unit', '0.3333', 1, '0.3333'],
    ['zero units', '30', 0, '0.0000'],
    ['a credit', '-14.5161', 2, '-29.0322'],
  ])('%s', (_label, amount, count, expected) => {
    expect(s(multiply(u(amount), count))).toBe(expected);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %s', (count) => {
    expect(() => multiply(10_000n, count)).toThrow(RangeError);
  });
});
