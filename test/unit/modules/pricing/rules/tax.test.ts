import { describe, expect, it } from 'vitest';
import { invoiceTotals, taxOn, type TotalsLine } from '../../../../../src/modules/pricing/rules/tax.ts';
import { fromDecimalString, toDecimalString } from '../../../../../src/modules/shared/money.ts';

const line = (amount: string, taxable = true): TotalsLine => ({ amount: fromDecimalString(amount), taxable });
const totals = (lines: TotalsLine[], rate: string | null, minor = 2) => {
  const t = invoiceTotals(lines, rate, minor);
  return {
    subtotal: toDecimalString(t.subtotal),
    taxableSubtotal: toDecimalString(t.taxableSubtotal),
    tax: toDecimalString(t.tax),
    total: toDecimalString(t.total),
  };
};

describe('invoiceTotals', () => {
  it.each<[string, TotalsLine[], string | null, number, [string, string, string, string]]>([
    // label, lines, rate, minor units, [subtotal, taxable subtotal, tax, total]
    // NOTE: round after totaling: 3 × 0.3333 = 0.9999 → 1.00 (per line it would be 0.99).
    ['three lines of 0.3333', [line('0.3333'), line('0.3333'), line('0.3333')], null, 2, ['1.0000', '1.0000', '0.0000', '1.0000']],
    ['no lines', [], '19', 2, ['0.0000', '0.0000', '0.0000', '0.0000']],
    ['19% on 100', [line('100')], '19.0000', 2, ['100.0000', '100.0000', '19.0000', '119.0000']],
    // NOTE: tax on the ROUNDED taxable subtotal: 10.005 → 10.01, × 10% = 1.001 → 1.00.
    // (on the unrounded 10.005 it would be 1.0005 → 1.00 too; the next case tells them apart)
    ['tax on a rounded subtotal', [line('10.0050')], '10', 2, ['10.0100', '10.0100', '1.0000', '11.0100']],
    // 0.0450 rounds to 0.05; 10% of 0.05 = 0.005 → 0.01. On the unrounded 0.045: 0.0045 → 0.00.
    ['the rounded subtotal decides a half cent of tax', [line('0.0450')], '10', 2, ['0.0500', '0.0500', '0.0100', '0.0600']],
    ['tax rounds half away from zero', [line('0.5000')], '1', 2, ['0.5000', '0.5000', '0.0100', '0.5100']],
    ['a country without a rate', [line('10')], null, 2, ['10.0000', '10.0000', '0.0000', '10.0000']],
    ['a 0% rate', [line('10')], '0.0000', 2, ['10.0000', '10.0000', '0.0000', '10.0000']],
    ['only taxable lines are taxed', [line('10'), line('5', false)], '20', 2, ['15.0000', '10.0000', '2.0000', '17.0000']],
    ['nothing taxable', [line('10', false)], '20', 2, ['10.0000', '0.0000', '0.0000', '10.0000']],
    // JPY: no minor digits.
    ['JPY rounds to whole yen', [line('1510.4880')], null, 0, ['1510.0000', '1510.0000', '0.0000', '1510.0000']],
    ['JPY half a yen goes up', [line('100.5000')], '10', 0, ['101.0000', '101.0000', '10.0000', '111.0000']],
    ['JPY 10% tax rounds to yen', [line('1234')], '10', 0, ['1234.0000', '1234.0000', '123.0000', '1357.0000']],
    // NOTE: a credit line (negative) rounds away from zero too, after totaling.
    ['a credit line takes the total negative', [line('10'), line('-10.0050')], null, 2, ['-0.0100', '-0.0100', '0.0000', '-0.0100']],
    ['a 3-decimal currency', [line('1.2345')], '10', 3, ['1.2350', '1.2350', '0.1240', '1.3590']],
  ])('%s', (_label, lines, rate, minor, [subtotal, taxableSubtotal, tax, total]) => {
    expect(totals(lines, rate, minor)).toEqual({ subtotal, taxableSubtotal, tax, total });
  });

  it('the total always equals subtotal + tax as shown', () => {
    for (const cents of ['0.0049', '0.0050', '33.3333', '99.9950', '12345.6789']) {
      const t = invoiceTotals([line(cents)], '19.5', 2);
      expect(t.total).toBe(t.subtotal + t.tax);
    }
  });

  it.each([-1, 5, 1.5])('refuses %s minor units', (minor) => {
    expect(() => invoiceTotals([line('1')], null, minor)).toThrow(RangeError);
  });
});

describe('taxOn', () => {
  it.each<[string, string, string | null, number, string]>([
    ['no rate', '100', null, 2, '0.0000'],
    ['19% of 9.99', '9.99', '19', 2, '1.9000'],
    ['8.875% of 10.00', '10', '8.875', 2, '0.8900'],
    ['8.875% of 10 yen', '10', '8.875', 0, '1.0000'],
  ])('%s', (_label, subtotal, rate, minor, expected) => {
    expect(toDecimalString(taxOn(fromDecimalString(subtotal), rate, minor))).toBe(expected);
  });
});
