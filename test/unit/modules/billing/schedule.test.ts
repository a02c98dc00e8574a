import { describe, expect, it } from 'vitest';
import { chainPeriods, invoiceDateFor, upcomingPeriods } from '../../../../src/modules/billing/rules/schedule.ts';
import type { RenewalSnapshot } from '../../../../src/modules/billing/rules/renewal.ts';

const recurring = (
  intervalCount: number,
  period: 'day' | 'week' | 'month' | 'year',
  renewalAmount = '10.0000',
  quantity = 1,
  currency = 'USD',
): RenewalSnapshot => ({
  price: { type: 'recurring' as const, intervalCount, period },
  quote: { renewalAmount, currency, lines: [{ quantity }] },
});
const starts = (ps: { start: string }[]) => ps.map((p) => p.start);
const ends = (ps: { end: string }[]) => ps.map((p) => p.end);

describe('upcomingPeriods', () => {
  it.each([
    // name, snapshot, due, anchor, count, cancelAt, expected starts, last end
    [
      'anchor 31 monthly returns to the 31st after February and April',
      recurring(1, 'month'),
      '2026-01-31',
      31,
      6,
      null,
      ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30'],
      '2026-07-31',
    ],
    [
      'anchor 31 starting on a clamped February (leap year) goes back to March 31',
      recurring(1, 'month'),
      '2028-02-29',
      31,
      3,
      null,
      ['2028-02-29', '2028-03-31', '2028-04-30'],
      '2028-05-31',
    ],
    ['anchor 30 over February', recurring(1, 'month'), '2027-01-30', 30, 3, null, ['2027-01-30', '2027-02-28', '2027-03-30'], '2027-04-30'],
    [
      'yearly on Feb 29 falls on Feb 28 in common years and Feb 29 in leap years',
      recurring(1, 'year', '100.0000'),
      '2028-02-29',
      29,
      5,
      null,
      ['2028-02-29', '2029-02-28', '2030-02-28', '2031-02-28', '2032-02-29'],
      '2033-02-28',
    ],
    [
      'quarterly (3 months) from anchor 31',
      recurring(3, 'month'),
      '2026-08-31',
      31,
      3,
      null,
      ['2026-08-31', '2026-11-30', '2027-02-28'],
      '2027-05-31',
    ],
    [
      'weekly terms count 7 days and ignore the anchor',
      recurring(1, 'week'),
      '2026-12-28',
      28,
      3,
      null,
      ['2026-12-28', '2027-01-04', '2027-01-11'],
      '2027-01-18',
    ],
    ['every 10 days', recurring(10, 'day'), '2026-02-25', null, 3, null, ['2026-02-25', '2026-03-07', '2026-03-17'], '2026-03-27'],
    [
      'cancel_at cuts the schedule: no period starts on or after it',
      recurring(1, 'month'),
      '2026-01-15',
      15,
      12,
      '2026-04-15',
      ['2026-01-15', '2026-02-15', '2026-03-15'],
      '2026-04-15',
    ],
    [
      'cancel_at in the middle of a period keeps that period',
      recurring(1, 'month'),
      '2026-01-15',
      15,
      12,
      '2026-03-20',
      ['2026-01-15', '2026-02-15', '2026-03-15'],
      '2026-04-15',
    ],
  ])('%s', (_name, snapshot, due, anchor, count, cancelAt, expectedStarts, lastEnd) => {
    const periods = upcomingPeriods(snapshot, due, anchor, count, cancelAt);
    expect(starts(periods)).toEqual(expectedStarts);
    expect(periods[periods.length - 1]!.end).toBe(lastEnd);
    // Contiguous: each period ends where the next starts.
    for (let i = 1; i < periods.length; i++) expect(periods[i]!.start).toBe(periods[i - 1]!.end);
  });

  it('a Feb 29 yearly service over eight years never drifts off the 29th in leap years', () => {
    const periods = upcomingPeriods(recurring(1, 'year'), '2024-02-29', 29, 9);
    expect(starts(periods)).toEqual([
      '2024-02-29',
      '2025-02-28',
      '2026-02-28',
      '2027-02-28',
      '2028-02-29',
      '2029-02-28',
      '2030-02-28',
      '2031-02-28',
      '2032-02-29',
    ]);
  });

  it('anchor 31 over a year ends every month on its last day (never the 28th after February)', () => {
    const periods = upcomingPeriods(recurring(1, 'month'), '2026-01-31', 31, 12);
    expect(ends(periods)).toEqual([
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
      '2026-11-30',
      '2026-12-31',
      '2027-01-31',
    ]);
  });

  it('a null anchor keeps the due date’s day instead of drifting with clamped dates', () => {
    expect(starts(upcomingPeriods(recurring(1, 'month'), '2026-01-31', null, 4))).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
  });

  it('amounts are one service’s renewal amount, in the snapshot currency', () => {
    const periods = upcomingPeriods(recurring(1, 'month', '37.5000', 3, 'EUR'), '2026-05-10', 10, 2);
    expect(periods.map((p) => [p.amount, p.currency])).toEqual([
      ['12.5000', 'EUR'],
      ['12.5000', 'EUR'],
    ]);
  });

  it('sets invoice dates invoice_days_before ahead, or today when that has passed', () => {
    const periods = upcomingPeriods(recurring(1, 'month'), '2026-03-03', 3, 3, null, { invoiceDaysBefore: 7, today: '2026-03-01' });
    expect(periods.map((p) => p.invoiceDate)).toEqual(['2026-03-01', '2026-03-27', '2026-04-26']);
    expect(upcomingPeriods(recurring(1, 'month'), '2026-03-03', 3, 1)[0]!.invoiceDate).toBeUndefined();
  });

  it.each([
    [
      'one-time',
      { price: { type: 'onetime' as const, intervalCount: null, period: null }, quote: { renewalAmount: null, currency: 'USD' } },
    ],
    ['free', { price: { type: 'free' as const, intervalCount: null, period: null }, quote: { renewalAmount: '0.0000', currency: 'USD' } }],
    ['an empty snapshot', {}],
    [
      'a recurring price without a renewal amount',
      { price: { type: 'recurring' as const, intervalCount: 1, period: 'month' }, quote: { currency: 'USD' } },
    ],
  ] as [string, RenewalSnapshot][])('non-recurring (%s) has no periods', (_name, snapshot) => {
    expect(upcomingPeriods(snapshot, '2026-01-01', 1, 12)).toEqual([]);
  });

  it('no periods for a count below one or a cancel_at on the due date', () => {
    expect(upcomingPeriods(recurring(1, 'month'), '2026-01-01', 1, 0)).toEqual([]);
    expect(upcomingPeriods(recurring(1, 'month'), '2026-01-01', 1, 5, '2026-01-01')).toEqual([]);
  });

  it('refuses a due date off the anchor rather than inventing a cycle', () => {
    expect(() => upcomingPeriods(recurring(1, 'month'), '2026-03-15', 31, 2)).toThrow(RangeError);
  });
});

describe('chainPeriods and invoiceDateFor', () => {
  it('chains daily periods while the caller wants more', () => {
    const periods = chainPeriods(recurring(1, 'day'), '2026-01-30', null, (start) => start <= '2026-02-02');
    expect(starts(periods)).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
  });

  it('invoices a period ahead of its start, but never before today', () => {
    expect(invoiceDateFor('2026-03-10', { invoiceDaysBefore: 7, today: '2026-02-01' })).toBe('2026-03-03');
    expect(invoiceDateFor('2026-03-10', { invoiceDaysBefore: 7, today: '2026-03-05' })).toBe('2026-03-05');
    expect(invoiceDateFor('2026-03-10', { invoiceDaysBefore: 0, today: '2026-03-05' })).toBe('2026-03-10');
  });
});
