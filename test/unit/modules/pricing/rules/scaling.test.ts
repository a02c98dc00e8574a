import { describe, expect, it } from 'vitest';
import type { Term } from '../../../../../src/modules/pricing/rules/billing-cycle.ts';
import { scaleService, scalingAmountOf, type ScalingInput } from '../../../../../src/modules/pricing/rules/scaling.ts';
import { DomainError } from '../../../../../src/modules/shared/errors.ts';
import { fromDecimalString, toDecimalString } from '../../../../../src/modules/shared/money.ts';

const monthly: Term = { intervalCount: 1, period: 'month' };
const yearly: Term = { intervalCount: 1, period: 'year' };
const jan = { start: '2025-01-01', end: '2025-02-01' };

const input = (oldAmount: string, newAmount: string, newTerm: Term | null, period = jan, anchorDay?: number): ScalingInput => ({
  oldAmount: fromDecimalString(oldAmount),
  newAmount: fromDecimalString(newAmount),
  newTerm,
  period,
  ...(anchorDay === undefined ? {} : { anchorDay }),
});

const shown = (r: ReturnType<typeof scaleService>) => ({
  daysLeft: r.daysLeft,
  daysInPeriod: r.daysInPeriod,
  daysInNewTerm: r.daysInNewTerm,
  credit: toDecimalString(r.credit),
  charge: toDecimalString(r.charge),
  net: toDecimalString(r.net),
  outcome: r.outcome,
});

describe('scaleService', () => {
  it.each<[string, ScalingInput, string, ReturnType<typeof shown>]>([
    // [Jan 1 ─────────── Jan 17 ──── 15 days left ──── Feb 1)
    [
      'an upgrade mid-month: invoice the difference now',
      input('30', '60', monthly),
      '2025-01-17',
      { daysLeft: 15, daysInPeriod: 31, daysInNewTerm: 31, credit: '-14.5161', charge: '29.0323', net: '14.5162', outcome: 'invoice' },
    ],
    [
      'a downgrade mid-month: a credit on the balance',
      input('60', '30', monthly),
      '2025-01-17',
      { daysLeft: 15, daysInPeriod: 31, daysInNewTerm: 31, credit: '-29.0323', charge: '14.5161', net: '-14.5162', outcome: 'credit' },
    ],
    // NOTE: each line rounds on its own, so the net can differ by 0.0001 from rounding (new − old) × days.
    [
      'the same price: the lines cancel exactly',
      input('30', '30', monthly),
      '2025-01-17',
      { daysLeft: 15, daysInPeriod: 31, daysInNewTerm: 31, credit: '-14.5161', charge: '14.5161', net: '0.0000', outcome: 'none' },
    ],
    [
      'on the first day of the period: the whole period is swapped',
      input('30', '45', monthly),
      '2025-01-01',
      { daysLeft: 31, daysInPeriod: 31, daysInNewTerm: 31, credit: '-30.0000', charge: '45.0000', net: '15.0000', outcome: 'invoice' },
    ],
    [
      'on the last day of the period: one day',
      input('31', '62', monthly),
      '2025-01-31',
      { daysLeft: 1, daysInPeriod: 31, daysInNewTerm: 31, credit: '-1.0000', charge: '2.0000', net: '1.0000', outcome: 'invoice' },
    ],
    // Monthly → yearly: the new daily rate is one year counted from the period's start (365 days).
    [
      'monthly to yearly: the new term is a year from the period start',
      input('10', '120', yearly),
      '2025-01-17',
      { daysLeft: 15, daysInPeriod: 31, daysInNewTerm: 365, credit: '-4.8387', charge: '4.9315', net: '0.0928', outcome: 'invoice' },
    ],
    [
      'yearly to monthly over a leap year',
      input('366', '31', monthly, { start: '2024-01-01', end: '2025-01-01' }),
      '2024-12-01',
      { daysLeft: 31, daysInPeriod: 366, daysInNewTerm: 31, credit: '-31.0000', charge: '31.0000', net: '0.0000', outcome: 'none' },
    ],
    // NOTE: a February period: days_in_period is 28, not 30 or 31.
    [
      'a February period',
      input('28', '56', monthly, { start: '2025-02-01', end: '2025-03-01' }),
      '2025-02-15',
      { daysLeft: 14, daysInPeriod: 28, daysInNewTerm: 28, credit: '-14.0000', charge: '28.0000', net: '14.0000', outcome: 'invoice' },
    ],
    // Anchor 31 clamped: [Feb 28 ──── Mar 31) is 31 days; without the anchor a new month from Feb 28 would be 28.
    [
      'a clamped period start keeps the anchor for the new term',
      input('31', '62', monthly, { start: '2025-02-28', end: '2025-03-31' }, 31),
      '2025-03-21',
      { daysLeft: 10, daysInPeriod: 31, daysInNewTerm: 31, credit: '-10.0000', charge: '20.0000', net: '10.0000', outcome: 'invoice' },
    ],
    [
      'to a weekly term: charged at the weekly daily rate',
      input('31', '7', { intervalCount: 1, period: 'week' }),
      '2025-01-22',
      { daysLeft: 10, daysInPeriod: 31, daysInNewTerm: 7, credit: '-10.0000', charge: '10.0000', net: '0.0000', outcome: 'none' },
    ],
    [
      'to a free price: only the credit',
      input('31', '0', null),
      '2025-01-22',
      { daysLeft: 10, daysInPeriod: 31, daysInNewTerm: null, credit: '-10.0000', charge: '0.0000', net: '-10.0000', outcome: 'credit' },
    ],
    [
      'from a free service: only the charge',
      input('0', '31', monthly),
      '2025-01-22',
      { daysLeft: 10, daysInPeriod: 31, daysInNewTerm: 31, credit: '0.0000', charge: '10.0000', net: '10.0000', outcome: 'invoice' },
    ],
  ])('%s', (_label, given, today, expected) => {
    expect(shown(scaleService(given, today))).toEqual(expected);
  });

  it.each<[string, string]>([
    ['the day before the period', '2024-12-31'],
    // NOTE: on the due date the period has ended; the caller must use the next period.
    ['on the next due date', '2025-02-01'],
  ])('refuses a change %s', (_label, today) => {
    expect(() => scaleService(input('30', '60', monthly), today)).toThrow(DomainError);
  });

  it('refuses an empty or reversed period', () => {
    expect(() => scaleService(input('30', '60', monthly, { start: '2025-02-01', end: '2025-02-01' }), '2025-02-01')).toThrow(RangeError);
  });

  it('refuses a priced target without a term', () => {
    expect(() => scaleService(input('30', '60', null), '2025-01-17')).toThrow(RangeError);
  });
});

describe('scaleService: a period staff started without billing', () => {
  it('lets the unused days offset an upgrade, but never pays them out on a downgrade', () => {
    const up = scaleService({ ...input('30', '60', monthly), unbilled: true }, '2025-01-17');
    expect(up).toEqual(scaleService(input('30', '60', monthly), '2025-01-17'));
    const down = scaleService({ ...input('60', '30', monthly), unbilled: true }, '2025-01-17');
    expect([toDecimalString(down.credit), toDecimalString(down.net), down.outcome]).toEqual([
      toDecimalString(-down.charge),
      '0.0000',
      'none',
    ]);
    expect(scaleService(input('60', '30', monthly), '2025-01-17').outcome).toBe('credit');
  });
});

describe('scalingAmountOf', () => {
  it.each<[string, Parameters<typeof scalingAmountOf>[0], boolean, string]>([
    ['the price', { type: 'recurring', price: '20.0000', renewalPrice: '25.0000' }, false, '20.0000'],
    [
      'the renewal price when the target package says so',
      { type: 'recurring', price: '20.0000', renewalPrice: '25.0000' },
      true,
      '25.0000',
    ],
    ['the price when there is no renewal price', { type: 'recurring', price: '20.0000', renewalPrice: null }, true, '20.0000'],
    ['zero for a free price', { type: 'free', price: '0.0000', renewalPrice: null }, true, '0.0000'],
  ])('%s', (_label, price, useRenewal, expected) => {
    expect(toDecimalString(scalingAmountOf(price, useRenewal))).toBe(expected);
  });

  it('refuses a one-time target price', () => {
    expect(() => scalingAmountOf({ type: 'onetime', price: '50', renewalPrice: null }, false)).toThrow(DomainError);
  });
});
