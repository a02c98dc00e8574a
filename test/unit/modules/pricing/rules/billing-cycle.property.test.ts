import { describe, expect, it } from 'vitest';
import type { Period } from '../../../../../src/modules/catalog/rules/constants.ts';
import { addDays, daysBetween, daysInMonth, parseDate } from '../../../../../src/modules/shared/dates.ts';
import {
  cycleFrom,
  nextDueDate,
  periodContaining,
  periodFor,
  type BillingCycle,
} from '../../../../../src/modules/pricing/rules/billing-cycle.ts';

// Walks many start dates over ten years and checks, for each cycle:
//   - period n ends exactly where period n+1 starts (no gap, no overlap) and is never empty;
//   - every month/year boundary is on the anchor day, or the month's last day when it is shorter
//     (so the anchor is returned to whenever the month has it, however often it was clamped);
//   - month/year terms span exactly the expected number of calendar months; day/week terms are fixed;
//   - periodContaining and nextDueDate agree with the walk for days inside the periods.

const FIRST = '2020-01-01';
const LAST = '2029-12-31';

function* days(step: number): Generator<string> {
  for (let d = FIRST; daysBetween(d, LAST) >= 0; d = addDays(d, step)) yield d;
}

function checkCycle(cycle: BillingCycle, terms: number): void {
  const months = cycle.period === 'month' ? cycle.intervalCount : cycle.period === 'year' ? cycle.intervalCount * 12 : null;
  const a = parseDate(cycle.anchorDate);
  for (let n = 0; n < terms; n++) {
    const p = periodFor(cycle, n);
    const next = periodFor(cycle, n + 1);
    const fail = (why: string) => {
      throw new Error(`${why}: ${JSON.stringify(cycle)} period ${n} = [${p.start}, ${p.end})`);
    };
    if (p.end !== next.start) fail('gap or overlap');
    const length = daysBetween(p.start, p.end);
    if (length <= 0) fail('empty period');
    if (months === null) {
      if (length !== (cycle.period === 'week' ? 7 : 1) * cycle.intervalCount) fail('wrong day/week length');
      continue;
    }
    const e = parseDate(p.end);
    if (e.day !== Math.min(cycle.anchorDay, daysInMonth(e.year, e.month))) fail('boundary off the anchor day');
    if (e.year * 12 + e.month - (a.year * 12 + a.month) !== (n + 1) * months) fail('wrong number of months');
    // A term of m months is within 3 days of m average Gregorian months (28-31 days for one).
    if (Math.abs(length - months * (146097 / 4800)) > 3) fail('implausible length');
  }
  // A few days inside the walked range find their own period.
  const last = periodFor(cycle, terms - 1).end;
  const span = daysBetween(cycle.anchorDate, last);
  for (const k of [0, 1, Math.floor(span / 3), Math.floor(span / 2), span - 1]) {
    const day = addDays(cycle.anchorDate, k);
    const p = periodContaining(cycle, day);
    if (daysBetween(p.start, day) < 0 || daysBetween(day, p.end) <= 0) throw new Error(`${day} not in [${p.start}, ${p.end})`);
    if (p.start !== periodFor(cycle, p.index).start) throw new Error(`index mismatch for ${day}`);
    if (nextDueDate(cycle, day) !== p.end) throw new Error(`nextDueDate(${day}) != ${p.end}`);
  }
}

describe('billing cycles over ten years of start dates', () => {
  it('monthly: every start day from 2020-01-01 to 2029-12-31, ten years of terms each', () => {
    let cycles = 0;
    for (const start of days(1)) {
      checkCycle(cycleFrom(start, { intervalCount: 1, period: 'month' }), 120);
      cycles++;
    }
    expect(cycles).toBe(3653);
  });

  it('monthly, anchor 31 clamped at the start: periods from Feb 28/29 and Apr 30 return to the 31st', () => {
    for (const start of ['2021-02-28', '2024-02-29', '2025-04-30', '2029-11-30']) {
      const cycle = cycleFrom(start, { intervalCount: 1, period: 'month' }, 31);
      checkCycle(cycle, 120);
      expect(periodFor(cycle, 1).start.endsWith('-31')).toBe(true);
    }
  });

  it.each<[string, number, Period, number, number]>([
    // label, interval count, period, sample step in days, terms to walk
    ['every 2 months', 2, 'month', 3, 60],
    ['every 3 months', 3, 'month', 5, 40],
    ['every 6 months', 6, 'month', 7, 20],
    ['every 12 months', 12, 'month', 11, 10],
    ['yearly', 1, 'year', 1, 10],
    ['every 2 years', 2, 'year', 13, 5],
    ['every 3 years', 3, 'year', 17, 4],
    ['daily', 1, 'day', 31, 400],
    ['every 30 days', 30, 'day', 19, 120],
    ['weekly', 1, 'week', 23, 520],
    ['every 4 weeks', 4, 'week', 29, 130],
  ])('%s: a sample of start dates', (_label, intervalCount, period, step, terms) => {
    let cycles = 0;
    for (const start of days(step)) {
      checkCycle(cycleFrom(start, { intervalCount, period }), terms);
      cycles++;
    }
    expect(cycles).toBeGreaterThan(100);
  });

  it('yearly from a leap day returns to Feb 29 in every leap year', () => {
    const cycle = cycleFrom('2020-02-29', { intervalCount: 1, period: 'year' });
    const starts = Array.from({ length: 10 }, (_, n) => periodFor(cycle, n).start);
    expect(starts).toEqual([
      '2020-02-29',
      '2021-02-28',
      '2022-02-28',
      '2023-02-28',
      '2024-02-29',
      '2025-02-28',
      '2026-02-28',
      '2027-02-28',
      '2028-02-29',
      '2029-02-28',
    ]);
  });
});
