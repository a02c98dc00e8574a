import { describe, expect, it } from 'vitest';
import type { Period } from '../../../../../src/modules/catalog/rules/constants.ts';
import {
  addTerms,
  cycleFrom,
  nextDueDate,
  periodContaining,
  periodFor,
  termLength,
} from '../../../../../src/modules/pricing/rules/billing-cycle.ts';

const walk = (start: string, anchor: number, count: number, period: Period, terms: number) =>
  Array.from({ length: terms + 1 }, (_, n) => addTerms(start, anchor, count, period, n));

describe('addTerms: month ends clamp and return to the anchor', () => {
  it.each<[string, string, number, number, Period, string[]]>([
    // anchor 31 ─ Jan 31 ── Feb 28 ── Mar 31 ── Apr 30 ── May 31
    //                      ^ clamped ^ back to 31, never chained from the 28th
    ['anchor 31, common year', '2025-01-31', 31, 1, 'month', ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31']],
    ['anchor 31, leap year', '2024-01-31', 31, 1, 'month', ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31']],
    [
      'anchor 30 dips only in February',
      '2025-01-30',
      30,
      1,
      'month',
      ['2025-01-30', '2025-02-28', '2025-03-30', '2025-04-30', '2025-05-30'],
    ],
    ['anchor 29 in a common year', '2025-01-29', 29, 1, 'month', ['2025-01-29', '2025-02-28', '2025-03-29']],
    ['anchor 29 in a leap year keeps the 29th', '2024-01-29', 29, 1, 'month', ['2024-01-29', '2024-02-29', '2024-03-29']],
    ['anchor 28 never moves', '2025-01-28', 28, 1, 'month', ['2025-01-28', '2025-02-28', '2025-03-28']],
    ['anchor 15 across a year end', '2024-11-15', 15, 1, 'month', ['2024-11-15', '2024-12-15', '2025-01-15', '2025-02-15']],
    // Start clamped: a service anchored on the 31st whose current period starts Feb 28.
    ['a clamped start returns to the anchor', '2025-02-28', 31, 1, 'month', ['2025-02-28', '2025-03-31', '2025-04-30']],
    // every 3 months from Nov 30: Feb 28 ── May 30 ── Aug 30
    ['every 3 months, anchor 30', '2024-11-30', 30, 3, 'month', ['2024-11-30', '2025-02-28', '2025-05-30', '2025-08-30']],
    ['every 6 months, anchor 31', '2024-08-31', 31, 6, 'month', ['2024-08-31', '2025-02-28', '2025-08-31', '2026-02-28']],
    // leap day yearly: Feb 29 ── Feb 28 ── Feb 28 ── Feb 28 ── Feb 29
    ['yearly on a leap day', '2024-02-29', 29, 1, 'year', ['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']],
    ['every 2 years on a leap day', '2024-02-29', 29, 2, 'year', ['2024-02-29', '2026-02-28', '2028-02-29']],
    // NOTE: 2100 is not a leap year: Feb 29 2096 → Feb 28 2100 → Feb 29 2104.
    ['every 4 years over a century', '2096-02-29', 29, 4, 'year', ['2096-02-29', '2100-02-28', '2104-02-29']],
    ['yearly on an ordinary day', '2025-07-04', 4, 1, 'year', ['2025-07-04', '2026-07-04', '2027-07-04']],
    ['daily ignores the anchor', '2025-02-27', 31, 1, 'day', ['2025-02-27', '2025-02-28', '2025-03-01']],
    ['every 10 days', '2024-02-20', 20, 10, 'day', ['2024-02-20', '2024-03-01', '2024-03-11']],
    ['weekly', '2024-12-25', 25, 1, 'week', ['2024-12-25', '2025-01-01', '2025-01-08']],
    ['every 2 weeks over a leap day', '2024-02-22', 22, 2, 'week', ['2024-02-22', '2024-03-07', '2024-03-21']],
  ])('%s', (_label, start, anchor, count, period, expected) => {
    expect(walk(start, anchor, count, period, expected.length - 1)).toEqual(expected);
  });

  it('never overflows: Jan 31 + 1 month is not Mar 3', () => {
    expect(addTerms('2025-01-31', 31, 1, 'month', 1)).toBe('2025-02-28');
  });

  it('counts backwards with a negative n', () => {
    expect(addTerms('2025-03-31', 31, 1, 'month', -1)).toBe('2025-02-28');
    expect(addTerms('2025-03-31', 31, 1, 'month', -2)).toBe('2025-01-31');
  });

  it.each<[string, () => unknown]>([
    ['a start off its anchor (Jan 15 with anchor 31)', () => addTerms('2025-01-15', 31, 1, 'month', 1)],
    ['an unclamped start (Feb 27 with anchor 31)', () => addTerms('2025-02-27', 31, 1, 'month', 1)],
    ['anchor day 0', () => addTerms('2025-01-01', 0, 1, 'month', 1)],
    ['anchor day 32', () => addTerms('2025-01-31', 32, 1, 'month', 1)],
    ['interval count 0', () => addTerms('2025-01-01', 1, 0, 'month', 1)],
    ['a fractional n', () => addTerms('2025-01-01', 1, 1, 'month', 0.5)],
    ['an unknown period', () => addTerms('2025-01-01', 1, 1, 'fortnight' as Period, 1)],
  ])('refuses %s', (_label, call) => {
    expect(call).toThrow(RangeError);
  });
});

describe('periodFor / periodContaining', () => {
  const monthly31 = cycleFrom('2025-01-31', { intervalCount: 1, period: 'month' });

  it('gives [start, end) periods that chain', () => {
    expect(periodFor(monthly31, 0)).toEqual({ index: 0, start: '2025-01-31', end: '2025-02-28' });
    expect(periodFor(monthly31, 1)).toEqual({ index: 1, start: '2025-02-28', end: '2025-03-31' });
    expect(periodFor(monthly31, 2)).toEqual({ index: 2, start: '2025-03-31', end: '2025-04-30' });
  });

  it.each<[string, string, number, string, string]>([
    ['the anchor date itself', '2025-01-31', 0, '2025-01-31', '2025-02-28'],
    ['the day before a clamped boundary', '2025-02-27', 0, '2025-01-31', '2025-02-28'],
    ['a clamped boundary starts the next period', '2025-02-28', 1, '2025-02-28', '2025-03-31'],
    // Mar 1 is in March but before the anchor day: still the period that started Feb 28.
    ['early in a month, before the anchor', '2025-03-01', 1, '2025-02-28', '2025-03-31'],
    ['a year later', '2026-01-30', 11, '2025-12-31', '2026-01-31'],
    ['before the anchor date', '2025-01-30', -1, '2024-12-31', '2025-01-31'],
  ])('monthly anchor 31: %s', (_label, date, index, start, end) => {
    expect(periodContaining(monthly31, date)).toEqual({ index, start, end });
  });

  it.each<[string, string, number, string, string]>([
    ['weekly, on a boundary', '2025-01-08', 1, '2025-01-08', '2025-01-15'],
    ['weekly, mid-week', '2025-01-13', 1, '2025-01-08', '2025-01-15'],
    ['weekly, before the anchor', '2024-12-31', -1, '2024-12-25', '2025-01-01'],
  ])('%s', (_label, date, index, start, end) => {
    const weekly = cycleFrom('2025-01-01', { intervalCount: 1, period: 'week' });
    expect(periodContaining(weekly, date)).toEqual({ index, start, end });
  });

  it('yearly on a leap day', () => {
    const c = cycleFrom('2024-02-29', { intervalCount: 1, period: 'year' });
    expect(periodContaining(c, '2025-02-27')).toEqual({ index: 0, start: '2024-02-29', end: '2025-02-28' });
    expect(periodContaining(c, '2028-02-28')).toEqual({ index: 3, start: '2027-02-28', end: '2028-02-29' });
    expect(periodContaining(c, '2028-02-29')).toEqual({ index: 4, start: '2028-02-29', end: '2029-02-28' });
  });
});

describe('nextDueDate', () => {
  const monthly31 = cycleFrom('2025-01-31', { intervalCount: 1, period: 'month' });
  it.each<[string, string, string]>([
    ['mid-period', '2025-02-10', '2025-02-28'],
    // NOTE: on a due date the next one is answered: today's period is already due.
    ['on a due date', '2025-02-28', '2025-03-31'],
    ['the day before a due date', '2025-03-30', '2025-03-31'],
    ['before the first period (a pro rata stub)', '2025-01-20', '2025-01-31'],
  ])('%s', (_label, today, due) => {
    expect(nextDueDate(monthly31, today)).toBe(due);
  });

  it('uses the given anchor day rather than the start day (pro rata D)', () => {
    const c = cycleFrom('2025-02-28', { intervalCount: 1, period: 'month' }, 31);
    expect(nextDueDate(c, '2025-03-05')).toBe('2025-03-31');
  });
});

describe('termLength', () => {
  it.each<[string, string, number, number, Period, number]>([
    ['February 2015', '2015-02-01', 1, 1, 'month', 28],
    ['February 2016', '2016-02-01', 1, 1, 'month', 29],
    ['a clamped February start, anchor 31', '2025-02-28', 31, 1, 'month', 31],
    ['a common year', '2025-01-01', 1, 1, 'year', 365],
    ['a year over a leap day', '2023-03-01', 1, 1, 'year', 366],
    ['a quarter from January', '2025-01-01', 1, 3, 'month', 90],
    ['two weeks', '2025-01-01', 1, 2, 'week', 14],
  ])('%s', (_label, start, anchor, count, period, days) => {
    expect(termLength(start, anchor, { intervalCount: count, period })).toBe(days);
  });
});
