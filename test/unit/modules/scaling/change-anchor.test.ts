import { describe, expect, it } from 'vitest';
import { addTerms } from '../../../../src/modules/pricing/rules/billing-cycle.ts';
import { anchorAfterChange, isOnAnchor } from '../../../../src/modules/scaling/rules/change-anchor.ts';

const month = { intervalCount: 1, period: 'month' } as const;
const year = { intervalCount: 1, period: 'year' } as const;
const week = { intervalCount: 1, period: 'week' } as const;
const days = { intervalCount: 10, period: 'day' } as const;

describe('the anchor a service keeps after a change', () => {
  it.each([
    ['monthly to monthly keeps its anchor', month, '2026-02-01', 1, 1],
    ['an anchor of 31 on a clamped Feb 28 stays 31', month, '2026-02-28', 31, 31],
    ['an anchor of 29 on Feb 28 of a common year stays 29', year, '2027-02-28', 29, 29],
    ['weekly to monthly: the due date Jan 12 is not on the 5th, so the 12th', month, '2026-01-12', 5, 12],
    ['weekly to yearly: likewise', year, '2026-01-12', 5, 12],
    ['an anchor of 30 on a clamped Feb 28 stays 30', month, '2026-02-28', 30, 30],
    ['the 28th is not on anchor 31 in a 31-day month', month, '2026-03-28', 31, 28],
    ['no anchor: the due date’s day', month, '2026-03-15', null, 15],
    ['an out-of-range anchor is replaced', month, '2026-03-15', 0, 15],
    ['monthly to weekly keeps the anchor (day and week terms never read it)', week, '2026-01-12', 5, 5],
    ['monthly to daily keeps it too', days, '2026-01-12', 31, 31],
    ['weekly keeps no anchor as none', week, '2026-01-12', null, null],
  ] as const)('%s', (_name, term, nextDueDate, anchorDay, expected) => {
    expect(anchorAfterChange({ term, nextDueDate, anchorDay })).toBe(expected);
  });

  it('is null for a free price (nothing renews)', () => {
    expect(anchorAfterChange({ term: null, nextDueDate: null, anchorDay: 5 })).toBeNull();
    expect(anchorAfterChange({ term: null, nextDueDate: '2026-01-12', anchorDay: 5 })).toBeNull();
  });

  it('always gives an anchor the next renewal can count a month or year term from', () => {
    for (const nextDueDate of ['2026-01-12', '2026-02-28', '2024-02-29', '2026-04-30', '2026-12-31']) {
      for (const anchorDay of [null, 1, 5, 12, 28, 29, 30, 31]) {
        for (const term of [month, year, { intervalCount: 3, period: 'month' } as const]) {
          const anchor = anchorAfterChange({ term, nextDueDate, anchorDay })!;
          expect(isOnAnchor(nextDueDate, anchor)).toBe(true);
          expect(() => addTerms(nextDueDate, anchor, term.intervalCount, term.period, 1)).not.toThrow();
        }
      }
    }
  });

  it('knows when a date is on an anchor, with month ends clamped', () => {
    expect(isOnAnchor('2026-02-28', 31)).toBe(true);
    expect(isOnAnchor('2024-02-28', 31)).toBe(false);
    expect(isOnAnchor('2024-02-29', 31)).toBe(true);
    expect(isOnAnchor('2026-01-12', 5)).toBe(false);
    expect(isOnAnchor('2026-01-12', null)).toBe(false);
    expect(isOnAnchor('2026-01-31', 32)).toBe(false);
  });
});
