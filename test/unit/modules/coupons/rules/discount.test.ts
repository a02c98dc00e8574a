import { describe, expect, it } from 'vitest';
import {
  discountItems,
  itemDiscount,
  renewalDiscounts,
  unitDiscount,
  type DiscountItem,
} from '../../../../../src/modules/coupons/rules/discount.ts';
import type { CouponTerms } from '../../../../../src/modules/coupons/rules/coupon-terms.ts';
import type { QuoteLine } from '../../../../../src/modules/pricing/rules/quote.ts';
import { fromDecimalString, toDecimalString } from '../../../../../src/modules/shared/money.ts';

const percent = (p: string, packageIds: number[] = []): CouponTerms => ({
  code: 'SAVE',
  kind: 'percent',
  percent: p,
  amounts: {},
  packageIds,
});
const fixed = (amounts: Record<string, string>, packageIds: number[] = []): CouponTerms => ({
  code: 'FLAT',
  kind: 'fixed',
  percent: null,
  amounts,
  packageIds,
});

const charge = (unitAmount: string, quantity = 1, taxable = true): QuoteLine => ({
  kind: 'price',
  description: 'x',
  unitAmount: toDecimalString(fromDecimalString(unitAmount)),
  quantity,
  amount: toDecimalString(fromDecimalString(unitAmount) * BigInt(quantity)),
  taxable,
});
const item = (packageId: number, units: string[], quantity = 1, taxable = true): DiscountItem => ({
  packageId,
  name: `Package ${packageId}`,
  quantity,
  lines: units.map((u) => charge(u, quantity, taxable)),
});

describe('unitDiscount', () => {
  it.each<[string, CouponTerms, string, string, string | null]>([
    // label, coupon, unit amount, currency, discount
    ['10% of 30', percent('10.0000'), '30.0000', 'USD', '3.0000'],
    ['15.5% of 9.99', percent('15.5000'), '9.9900', 'USD', '1.5485'],
    // NOTE: 4 decimals, half away from zero: 12.5% of 0.0003 = 0.0000375 → 0.0000; of 0.0005 = 0.0000625 → 0.0001.
    ['rounds to 4 decimals, down', percent('12.5000'), '0.0003', 'USD', '0.0000'],
    ['rounds to 4 decimals, half up', percent('12.5000'), '0.0005', 'USD', '0.0001'],
    ['33.3333% of 10', percent('33.3333'), '10.0000', 'USD', '3.3333'],
    ['100% takes it all', percent('100'), '12.3456', 'USD', '12.3456'],
    ['fixed in the currency', fixed({ USD: '5.0000', EUR: '4.0000' }), '30.0000', 'EUR', '4.0000'],
    ['fixed never below zero', fixed({ USD: '50.0000' }), '30.0000', 'USD', '30.0000'],
    ['fixed without an amount in the currency', fixed({ USD: '5.0000' }), '30.0000', 'JPY', null],
    ['nothing off a free line', percent('10'), '0.0000', 'USD', '0.0000'],
  ])('%s', (_label, terms, unit, currency, expected) => {
    const d = unitDiscount(terms, fromDecimalString(unit), currency);
    expect(d === null ? null : toDecimalString(d)).toBe(expected);
  });
});

describe('itemDiscount', () => {
  it('discounts one unit of every line of the item, times its quantity', () => {
    // 10.00 price + 2.50 option + 5.00 setup = 17.50 a unit; 20% = 3.50; 3 units = 10.50.
    const d = itemDiscount(percent('20'), item(7, ['10', '2.5', '5'], 3), 'USD')!;
    expect(d).toMatchObject({
      kind: 'discount',
      unitAmount: '-3.5000',
      quantity: 3,
      amount: '-10.5000',
      taxable: true,
      description: 'Coupon SAVE (20% off): Package 7',
    });
  });

  it('a fixed amount is per unit and floors each unit at zero', () => {
    const d = itemDiscount(fixed({ USD: '8' }), item(7, ['3', '2'], 2), 'USD')!;
    expect(d.unitAmount).toBe('-5.0000');
    expect(d.amount).toBe('-10.0000');
    expect(d.description).toBe('Coupon FLAT (8.00 USD off): Package 7');
  });

  it('skips packages the coupon is not for', () => {
    expect(itemDiscount(percent('10', [1, 2]), item(7, ['10']), 'USD')).toBeNull();
    expect(itemDiscount(percent('10', [1, 7]), item(7, ['10']), 'USD')).not.toBeNull();
  });

  it('an untaxed item gives an untaxed discount', () => {
    expect(itemDiscount(percent('10'), item(7, ['10'], 1, false), 'USD')!.taxable).toBe(false);
  });
});

describe('discountItems', () => {
  it('puts each discount under its item and taxes the discounted subtotal', () => {
    // 100 taxable - 10% = 90, 19% tax = 17.10; the untaxed 20 item is not in the coupon.
    const r = discountItems(percent('10', [1]), [item(1, ['100']), item(2, ['20'], 1, false)], 'EUR', '19.0000', 2);
    expect(r.charges.map((c) => [c.kind, c.amount])).toEqual([
      ['price', '100.0000'],
      ['discount', '-10.0000'],
      ['price', '20.0000'],
    ]);
    expect(r.discounts[1]).toBeNull();
    expect(toDecimalString(r.totals.subtotal)).toBe('110.0000');
    expect(toDecimalString(r.totals.tax)).toBe('17.1000');
    expect(toDecimalString(r.totals.total)).toBe('127.1000');
  });

  it('rounds the totals once, after the discount lines', () => {
    // 3 × 0.3333 = 0.9999; 10% of each 0.3333 = 0.0333 → three lines of 0.3000 = 0.9000.
    const r = discountItems(percent('10'), [item(1, ['0.3333']), item(2, ['0.3333']), item(3, ['0.3333'])], 'USD', null, 2);
    expect(toDecimalString(r.totals.subtotal)).toBe('0.9000');
  });

  it('a fixed discount bigger than the order leaves a zero total, not a negative one', () => {
    const r = discountItems(fixed({ USD: '100' }), [item(1, ['30']), item(2, ['5'])], 'USD', '20', 2);
    expect(toDecimalString(r.totals.total)).toBe('0.0000');
  });

  it('JPY totals round to whole yen after the discount', () => {
    const r = discountItems(percent('15.5'), [item(1, ['1000'])], 'JPY', '10', 0);
    // 1000 - 155 = 845; tax 84.5 → 85.
    expect(toDecimalString(r.totals.subtotal)).toBe('845.0000');
    expect(toDecimalString(r.totals.tax)).toBe('85.0000');
  });
});

describe('renewalDiscounts', () => {
  const coupon = { code: 'SAVE', kind: 'percent' as const, percent: '10.0000', amount: null };
  const periods = [
    { periodStart: '2026-02-01', amount: '30.0000' },
    { periodStart: '2026-03-01', amount: '30.0000' },
    { periodStart: '2026-04-01', amount: '30.0000' },
  ];

  it('discounts while cycles are left, one cycle a period', () => {
    const r = renewalDiscounts({ ...coupon, cyclesLeft: 2 }, periods, new Set(), 'USD', 'VPS #1');
    expect(r.map((d) => [d.periodStart, d.amount, d.usesCycle])).toEqual([
      ['2026-02-01', '-3.0000', true],
      ['2026-03-01', '-3.0000', true],
    ]);
  });

  it('forever discounts every period', () => {
    expect(renewalDiscounts({ ...coupon, cyclesLeft: null }, periods, new Set(), 'USD', 'x')).toHaveLength(3);
  });

  it('no cycles left: nothing', () => {
    expect(renewalDiscounts({ ...coupon, cyclesLeft: 0 }, periods, new Set(), 'USD', 'x')).toEqual([]);
  });

  it('a period discounted before keeps it without using a cycle', () => {
    const r = renewalDiscounts({ ...coupon, cyclesLeft: 0 }, periods, new Set(['2026-02-01']), 'USD', 'x');
    expect(r.map((d) => [d.periodStart, d.usesCycle])).toEqual([['2026-02-01', false]]);
  });

  it('a fixed amount floors the renewal at zero', () => {
    const r = renewalDiscounts(
      { code: 'FLAT', kind: 'fixed', percent: null, amount: '45.0000', cyclesLeft: 1 },
      periods,
      new Set(),
      'USD',
      'x',
    );
    expect(r.map((d) => d.amount)).toEqual(['-30.0000']);
  });
});
