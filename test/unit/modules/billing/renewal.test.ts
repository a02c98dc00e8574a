import { describe, expect, it } from 'vitest';
import { nextRenewal } from '../../../../src/modules/billing/rules/renewal.ts';

const monthly = (renewalAmount: string, quantity = 1) => ({
  price: { type: 'recurring' as const, intervalCount: 1, period: 'month' as const },
  quote: { renewalAmount, currency: 'USD', lines: [{ quantity }] },
});

describe('nextRenewal', () => {
  it.each([
    [
      'anchor 31 in February ends on March 31, not March 28',
      monthly('10.0000'),
      '2026-02-28',
      31,
      { periodStart: '2026-02-28', periodEnd: '2026-03-31', amount: '10.0000' },
    ],
    [
      'anchor 30 over a leap February',
      monthly('10.0000'),
      '2028-01-30',
      30,
      { periodStart: '2028-01-30', periodEnd: '2028-02-29', amount: '10.0000' },
    ],
    ['one service of an order of three renews for a third', monthly('37.5000', 3), '2026-05-10', 10, { amount: '12.5000' }],
  ])('%s', (_name, snapshot, due, anchor, expected) => {
    expect(nextRenewal(snapshot, due, anchor)).toMatchObject({ ...expected, currency: 'USD' });
  });

  it('a yearly Feb 29 service renews on Feb 28 in common years', () => {
    const yearly = {
      price: { type: 'recurring' as const, intervalCount: 1, period: 'year' as const },
      quote: { renewalAmount: '100.0000', currency: 'EUR', lines: [{ quantity: 1 }] },
    };
    expect(nextRenewal(yearly, '2028-02-29', 29)?.periodEnd).toBe('2029-02-28');
    expect(nextRenewal(yearly, '2031-02-28', 29)?.periodEnd).toBe('2032-02-29');
  });

  it('one-time, free and incomplete snapshots do not renew', () => {
    expect(
      nextRenewal(
        { price: { type: 'onetime' as const, intervalCount: null, period: null }, quote: { renewalAmount: null, currency: 'USD' } },
        '2026-01-01',
        1,
      ),
    ).toBeNull();
    expect(nextRenewal({}, '2026-01-01', 1)).toBeNull();
  });
});
