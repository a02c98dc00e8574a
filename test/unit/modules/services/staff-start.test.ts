import { describe, expect, it } from 'vitest';
import { nextDueProblem, unbilledStart } from '../../../../src/modules/services/rules/staff-start.ts';

describe('nextDueProblem', () => {
  it.each<[string, string | undefined, boolean, RegExp | null]>([
    ['a date after today', '2026-02-01', true, null],
    ['none for a one-time price', undefined, false, null],
    ['a missing date for a recurring price', undefined, true, /first renewal/],
    ['today', '2026-01-15', true, /after today/],
    ['a past date', '2025-12-31', true, /after today/],
    ['more than five years away', '2031-02-01', true, /five years/],
  ])('%s', (_label, date, recurring, problem) => {
    const said = nextDueProblem('2026-01-15', date, recurring);
    if (problem) expect(said).toMatch(problem);
    else expect(said).toBeNull();
  });
});

describe('unbilledStart', () => {
  const quote = {
    currency: 'USD',
    renewalAmount: '20.0000',
    periodStart: '2026-01-15',
    periodEnd: '2026-02-15',
    firstRenewalDate: '2026-02-15',
    anchorDay: 15,
  };
  it('runs the first period from today to the chosen date and renews on its day', () => {
    expect(unbilledStart(quote, '2026-01-15', '2026-03-31')).toEqual({
      ...quote,
      periodEnd: '2026-03-31',
      firstRenewalDate: '2026-03-31',
      anchorDay: 31,
    });
  });
  it('leaves a price that never renews without a renewal date', () => {
    expect(unbilledStart({ ...quote, firstRenewalDate: null, periodEnd: null }, '2026-01-15', null)).toMatchObject({
      firstRenewalDate: null,
      anchorDay: null,
    });
  });
});
