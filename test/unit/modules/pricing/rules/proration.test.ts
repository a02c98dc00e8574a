import { describe, expect, it } from 'vitest';
import type { Term } from '../../../../../src/modules/pricing/rules/billing-cycle.ts';
import {
  daysInProRataTerm,
  nextProRataDate,
  proRataAmount,
  proRataPlan,
  type ProRataSettings,
} from '../../../../../src/modules/pricing/rules/proration.ts';
import { fromDecimalString, toDecimalString } from '../../../../../src/modules/shared/money.ts';

const monthly: Term = { intervalCount: 1, period: 'month' };
const quarterly: Term = { intervalCount: 3, period: 'month' };
const yearly: Term = { intervalCount: 1, period: 'year' };
const on = (D: number, C: number | null = null): ProRataSettings => ({ proRata: true, proRataDay: D, proRataCutoffDay: C });

/** What the first invoice holds for one recurring amount: the stub, plus a full term past the cutoff. */
const firstCharge = (price: string, orderDate: string, term: Term, settings: ProRataSettings) => {
  const plan = proRataPlan(orderDate, term, settings);
  if (!plan) return null;
  const units = fromDecimalString(price);
  return { ...plan, charge: toDecimalString(proRataAmount(units, plan) + (plan.pastCutoff ? units : 0n)) };
};

describe("DOMAIN.md's worked example: $30/month, D = 1, C = 20", () => {
  it('ordered Jan 10: 22/31 × 30 = 21.2903, renews Feb 1', () => {
    // [Jan 10 ─────── 22 days ─────── Feb 1)
    expect(firstCharge('30', '2025-01-10', monthly, on(1, 20))).toMatchObject({
      start: '2025-01-10',
      end: '2025-02-01',
      days: 22,
      daysInTerm: 31,
      pastCutoff: false,
      anchorDay: 1,
      firstRenewalDate: '2025-02-01',
      charge: '21.2903',
    });
  });

  it('ordered Jan 25: 7/31 × 30 + 30 = 36.7742, renews Mar 1', () => {
    // [Jan 25 ─7─ Feb 1)[Feb 1 ────── Mar 1)   past C: the stub plus the next full term
    expect(firstCharge('30', '2025-01-25', monthly, on(1, 20))).toMatchObject({
      end: '2025-02-01',
      days: 7,
      daysInTerm: 31,
      pastCutoff: true,
      firstRenewalDate: '2025-03-01',
      charge: '36.7742',
    });
  });
});

describe('when a price is not prorated', () => {
  it.each<[string, string, Term, ProRataSettings]>([
    ['pro rata off', '2025-01-10', monthly, { proRata: false, proRataDay: null, proRataCutoffDay: null }],
    ['pro rata off even with a day left over', '2025-01-10', monthly, { proRata: false, proRataDay: 1, proRataCutoffDay: 20 }],
    // NOTE: ordered ON day D: the term simply starts today.
    ['ordered on D', '2025-01-01', monthly, on(1, 20)],
    ['ordered on D = 15, yearly', '2025-06-15', yearly, on(15)],
    // NOTE: day and week periods never prorate.
    ['a daily term', '2025-01-10', { intervalCount: 1, period: 'day' }, on(1)],
    ['a weekly term', '2025-01-10', { intervalCount: 2, period: 'week' }, on(1)],
  ])('%s', (_label, date, term, settings) => {
    expect(proRataPlan(date, term, settings)).toBeNull();
  });
});

describe('the cutoff day', () => {
  it.each<[string, string, ProRataSettings, boolean, string]>([
    // NOTE: no C: never past the cutoff, however late the order.
    ['no cutoff, ordered on the 31st', '2025-01-31', on(1), false, '2025-02-01'],
    // NOTE: "past C" is strictly after C: ordered on C is still before the cutoff.
    ['ordered on C', '2025-01-20', on(1, 20), false, '2025-02-01'],
    ['ordered the day after C', '2025-01-21', on(1, 20), true, '2025-03-01'],
    ['ordered on the last day of the month past C', '2025-01-31', on(1, 20), true, '2025-03-01'],
    // D after C: days between C and D are past the cutoff even though D is days away.
    ['D = 15, C = 10, ordered the 12th', '2025-01-12', on(15, 10), true, '2025-02-15'],
    ['D = 15, C = 10, ordered the 5th', '2025-01-05', on(15, 10), false, '2025-01-15'],
    ['D = 15, C = 10, ordered the 20th (next D in February)', '2025-01-20', on(15, 10), true, '2025-03-15'],
    ['C = 1: every day but the 1st is past it', '2025-01-02', on(15, 1), true, '2025-02-15'],
  ])('%s', (_label, date, settings, pastCutoff, firstRenewalDate) => {
    expect(proRataPlan(date, monthly, settings)).toMatchObject({ pastCutoff, firstRenewalDate });
  });
});

describe('days and days_in_term', () => {
  it.each<[string, string, Term, ProRataSettings, number, number, string, string]>([
    // label, order date, term, settings, days, days in term, price, first charge
    ['monthly, February 2015 (28 days)', '2015-02-10', monthly, on(1), 19, 28, '28', '19.0000'],
    ['monthly, February 2016 (29 days)', '2016-02-10', monthly, on(1), 20, 29, '29', '20.0000'],
    ['monthly, D later in the same month', '2025-04-03', monthly, on(28), 25, 30, '30', '25.0000'],
    // NOTE: the stub crosses into March but days_in_term is still February's length.
    ['monthly, ordered in February, D = 10 in March', '2025-02-20', monthly, on(10), 18, 28, '28', '18.0000'],
    ['monthly, the last day of a year', '2024-12-31', monthly, on(1), 1, 31, '31', '1.0000'],
    ['yearly, ordered in a common year', '2025-01-10', yearly, on(1), 22, 365, '365', '22.0000'],
    // Mar 2023 .. Feb 2024 spans Feb 29.
    ['yearly, the months ahead hold a leap day', '2023-03-10', yearly, on(1), 22, 366, '366', '22.0000'],
    ['yearly, ordered in a leap January', '2024-01-10', yearly, on(1), 22, 366, '100', '6.0109'],
    // NOTE: every 3 months: the stub is priced at the quarter's daily rate (Jan + Feb + Mar 2025 = 90).
    ['every 3 months from January', '2025-01-10', quarterly, on(1), 22, 90, '90', '22.0000'],
    ['every 3 months from December', '2024-12-10', quarterly, on(1), 22, 90, '30', '7.3333'],
    ['every 3 months from a leap February', '2024-02-10', quarterly, on(1), 20, 90, '30', '6.6667'],
    ['every 2 years, a leap day ahead', '2023-05-10', { intervalCount: 2, period: 'year' }, on(1), 22, 731, '731', '22.0000'],
  ])('%s', (_label, date, term, settings, days, daysInTerm, price, charge) => {
    expect(firstCharge(price, date, term, settings)).toMatchObject({ days, daysInTerm, charge });
  });

  it('a yearly term past the cutoff adds a whole year and renews a year after D', () => {
    // [Jan 25 ─7─ Feb 1)[Feb 1 2025 ───────── Feb 1 2026)
    expect(firstCharge('365', '2025-01-25', yearly, on(1, 20))).toMatchObject({
      days: 7,
      daysInTerm: 365,
      pastCutoff: true,
      firstRenewalDate: '2026-02-01',
      charge: '372.0000',
    });
  });

  it('a quarterly term past the cutoff renews a quarter after D', () => {
    expect(proRataPlan('2025-01-25', quarterly, on(1, 20))).toMatchObject({ end: '2025-02-01', firstRenewalDate: '2025-05-01' });
  });

  it('rounds the stub half away from zero at the 4th decimal', () => {
    // 10 × 1/28 = 0.357142… → 0.3571; 0.0002 × 7/28 = 0.00005 → 0.0001
    expect(toDecimalString(proRataAmount(fromDecimalString('10'), { days: 1, daysInTerm: 28 }))).toBe('0.3571');
    expect(toDecimalString(proRataAmount(fromDecimalString('0.0002'), { days: 7, daysInTerm: 28 }))).toBe('0.0001');
  });

  it('a zero price prorates to zero', () => {
    expect(toDecimalString(proRataAmount(0n, { days: 22, daysInTerm: 31 }))).toBe('0.0000');
  });
});

describe('nextProRataDate and daysInProRataTerm', () => {
  it.each<[string, string, number, string]>([
    ['before D in the month', '2025-01-10', 15, '2025-01-15'],
    ['after D: next month', '2025-01-20', 15, '2025-02-15'],
    ['on D: the next month, never today', '2025-01-15', 15, '2025-02-15'],
    ['D = 28 from Feb 28: March', '2025-02-28', 28, '2025-03-28'],
    ['across a year end', '2025-12-31', 1, '2026-01-01'],
  ])('%s', (_label, date, D, expected) => {
    expect(nextProRataDate(date, D)).toBe(expected);
  });

  it.each<[string, string, Term, number]>([
    ['monthly in January', '2025-01-31', monthly, 31],
    ['monthly in April', '2025-04-01', monthly, 30],
    ['every 6 months from September (Sep..Feb, common year)', '2025-09-15', { intervalCount: 6, period: 'month' }, 181],
  ])('%s', (_label, date, term, days) => {
    expect(daysInProRataTerm(date, term)).toBe(days);
  });

  it('refuses a term that does not prorate', () => {
    expect(() => daysInProRataTerm('2025-01-01', { intervalCount: 1, period: 'week' })).toThrow(RangeError);
  });
});

describe('settings the database should never hold', () => {
  it.each<[string, ProRataSettings]>([
    ['pro rata on without a day', { proRata: true, proRataDay: null, proRataCutoffDay: null }],
    ['day 29 (not in every February)', on(29)],
    ['day 0', on(0)],
    ['cutoff 31', on(1, 31)],
  ])('refuses %s', (_label, settings) => {
    expect(() => proRataPlan('2025-01-10', monthly, settings)).toThrow(RangeError);
  });
});
