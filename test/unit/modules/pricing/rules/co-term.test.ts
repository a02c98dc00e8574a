import { describe, expect, it } from 'vitest';
import { coTermPlan } from '../../../../../src/modules/pricing/rules/co-term.ts';
import { proRataAmount } from '../../../../../src/modules/pricing/rules/proration.ts';
import { quote } from '../../../../../src/modules/pricing/rules/quote.ts';
import { fromDecimalString, toDecimalString } from '../../../../../src/modules/shared/money.ts';

const monthly = { intervalCount: 1, period: 'month' as const };
const charge = (price: string, plan: ReturnType<typeof coTermPlan>) => toDecimalString(proRataAmount(fromDecimalString(price), plan));

describe('an add-on co-termed with its parent', () => {
  it("charges price × days left / days in the parent's term ending on its due date (DOMAIN example)", () => {
    const plan = coTermPlan('2026-03-01', { nextDue: '2026-03-15', billedThrough: '2026-03-15', anchorDay: 15, term: monthly });
    expect(plan).toMatchObject({
      start: '2026-03-01',
      end: '2026-03-15',
      days: 14,
      daysInTerm: 28,
      pastCutoff: false,
      anchorDay: 15,
      firstRenewalDate: '2026-03-15',
    });
    expect(charge('10.00', plan)).toBe('5.0000');
  });

  it('counts a full term even when the parent is in its first, pro-rated part-period', () => {
    // Parent ordered Jan 20 with pro rata day 1: its first period is Jan 20 to Feb 1 (12 days), but a term is 31 days.
    const plan = coTermPlan('2026-01-25', { nextDue: '2026-02-01', billedThrough: '2026-02-01', anchorDay: 1, term: monthly });
    expect(plan.days).toBe(7);
    expect(plan.daysInTerm).toBe(31);
    expect(charge('31.00', plan)).toBe('7.0000');
  });

  it("keeps the parent's anchor at month ends (anchor 31, due Feb 28 in a common year)", () => {
    const plan = coTermPlan('2027-02-14', { nextDue: '2027-02-28', billedThrough: '2027-02-28', anchorDay: 31, term: monthly });
    // One term ending Feb 28 starts Jan 31: 28 days.
    expect(plan.daysInTerm).toBe(28);
    expect(plan.days).toBe(14);
    expect(plan.anchorDay).toBe(31);
    expect(charge('9.99', plan)).toBe('4.9950');
  });

  it('counts yearly terms in days, leap years included', () => {
    const plan = coTermPlan('2028-01-01', {
      nextDue: '2028-07-01',
      billedThrough: '2028-07-01',
      anchorDay: 1,
      term: { intervalCount: 1, period: 'year' },
    });
    expect(plan.daysInTerm).toBe(366);
    expect(plan.days).toBe(182);
  });

  it('adds the whole terms already invoiced for the parent, so both renew on one invoice from then on', () => {
    const plan = coTermPlan('2026-03-10', { nextDue: '2026-03-15', billedThrough: '2026-05-15', anchorDay: 15, term: monthly });
    expect(plan).toMatchObject({ end: '2026-03-15', pastCutoff: true, fullTerms: 2, firstRenewalDate: '2026-05-15' });
  });

  it('refuses what cannot be co-termed', () => {
    const parent = { nextDue: '2026-03-15', billedThrough: '2026-03-15', anchorDay: 15, term: monthly };
    expect(() => coTermPlan('2026-03-15', parent)).toThrow(RangeError);
    expect(() => coTermPlan('2026-03-20', parent)).toThrow(RangeError);
    expect(() => coTermPlan('2026-03-01', { ...parent, billedThrough: '2026-03-01' })).toThrow(RangeError);
    expect(() => coTermPlan('2026-03-01', { ...parent, billedThrough: '2026-04-01' })).toThrow(/whole number of terms/);
  });
});

describe('the quote of an add-on', () => {
  const base = {
    packageName: 'Daily Backup',
    variants: [],
    quantity: 1,
    proRata: { proRata: true, proRataDay: 1, proRataCutoffDay: null },
    taxable: false,
    taxRate: null,
    currency: { code: 'USD', rate: '1', minorUnits: 2 },
    defaultCurrency: 'USD',
  };
  const price = (over: Record<string, unknown> = {}) => ({
    id: 1,
    name: 'Monthly',
    type: 'recurring' as const,
    intervalCount: 1,
    period: 'month' as const,
    currency: 'USD',
    price: '10.0000',
    renewalPrice: null,
    setupFee: '2.0000',
    cancellationFee: '0',
    cancelAtEndOfTerm: false,
    enabled: true,
    ...over,
  });
  const coTerm = { nextDue: '2026-03-15', billedThrough: '2026-03-15', anchorDay: 15, term: monthly };

  it("uses the co-term in place of the package's own pro rata, and renews on the parent's dates", () => {
    const q = quote({ ...base, prices: [price()], priceName: 'Monthly', coTerm }, '2026-03-01');
    expect(q.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['prorata', '5.0000'],
      ['setup', '2.0000'],
    ]);
    expect(q.total).toBe('7.0000');
    expect(q).toMatchObject({ periodStart: '2026-03-01', firstRenewalDate: '2026-03-15', anchorDay: 15, renewalAmount: '10.0000' });
  });

  it("bills the parent's already invoiced terms whole", () => {
    const q = quote(
      { ...base, prices: [price({ setupFee: '0' })], priceName: 'Monthly', coTerm: { ...coTerm, billedThrough: '2026-04-15' } },
      '2026-03-01',
    );
    expect(q.lines.map((l) => l.amount)).toEqual(['5.0000', '10.0000']);
    expect(q.firstRenewalDate).toBe('2026-04-15');
  });

  it('refuses a price of another term, a one-time and a free price', () => {
    for (const p of [
      price({ period: 'year' }),
      price({ intervalCount: 3 }),
      price({ type: 'onetime', intervalCount: null, period: null }),
      price({ type: 'free', intervalCount: null, period: null }),
    ]) {
      expect(() => quote({ ...base, prices: [p], priceName: 'Monthly', coTerm }, '2026-03-01')).toThrow(
        'Choose a price with the same term as the service it is added to.',
      );
    }
  });
});
