import { describe, expect, it } from 'vitest';
import { cancellationFeeDue } from '../../../../src/modules/services/rules/cancellation-fee.ts';
import type { PriceSnapshot } from '../../../../src/modules/pricing/rules/price-snapshot.ts';
import { toDecimalString } from '../../../../src/modules/shared/money.ts';

// A monthly service paid up to 2026-04-15, with a 10.00 USD cancellation fee on its price:
//
//   2026-03-15 ─────────── today ─────────── 2026-04-15 (next due) ─── overdue ───▶
//               fee due: time left              no fee: the term has run out
const usd: PriceSnapshot = { price: { currency: 'USD', cancellationFee: '10.0000' }, quote: { currency: 'USD' } };
const at = (date: string) => new Date(`${date}T12:00:00Z`);
const due = (snapshot: PriceSnapshot, nextDueDate: string | null, today: string, rate: string | null = null) => {
  const fee = cancellationFeeDue({ snapshot, nextDueDate, rate }, at(today));
  return fee && { amount: toDecimalString(fee.amount), currency: fee.currency };
};

describe('cancellationFeeDue', () => {
  it.each<[string, PriceSnapshot, string | null, string, string | null, { amount: string; currency: string } | null]>([
    ['mid-term: the fee', usd, '2026-04-15', '2026-03-20', null, { amount: '10.0000', currency: 'USD' }],
    ['the day before the due date: the fee', usd, '2026-04-15', '2026-04-14', null, { amount: '10.0000', currency: 'USD' }],
    ['on the due date: none, the term has run out', usd, '2026-04-15', '2026-04-15', null, null],
    ['overdue, past the due date: none', usd, '2026-04-15', '2026-04-20', null, null],
    ['no term (one-time or free): none', usd, null, '2026-03-20', null, null],
    ['no fee on the price: none', { price: { currency: 'USD' }, quote: { currency: 'USD' } }, '2026-04-15', '2026-03-20', null, null],
    [
      'a zero fee: none',
      { price: { currency: 'USD', cancellationFee: '0.0000' }, quote: { currency: 'USD' } },
      '2026-04-15',
      '2026-03-20',
      null,
      null,
    ],
    [
      'a USD fee on a EUR service: converted at the rate',
      { price: { currency: 'USD', cancellationFee: '7.5000' }, quote: { currency: 'EUR' } },
      '2026-04-15',
      '2026-03-20',
      '0.92',
      { amount: '6.9000', currency: 'EUR' },
    ],
    [
      'a fee priced in the service currency: not converted',
      { price: { currency: 'EUR', cancellationFee: '7.5000' }, quote: { currency: 'EUR' } },
      '2026-04-15',
      '2026-03-20',
      '0.92',
      { amount: '7.5000', currency: 'EUR' },
    ],
    [
      'an old snapshot without a quote: the price currency',
      { price: { currency: 'USD', cancellationFee: '5.0000' } },
      '2026-04-15',
      '2026-03-20',
      null,
      { amount: '5.0000', currency: 'USD' },
    ],
  ])('%s', (_label, snapshot, nextDueDate, today, rate, expected) => {
    expect(due(snapshot, nextDueDate, today, rate)).toEqual(expected);
  });

  it('reads the day in UTC: late on the eve of the due date still has time left', () => {
    expect(cancellationFeeDue({ snapshot: usd, nextDueDate: '2026-04-15', rate: null }, new Date('2026-04-14T23:59:59Z'))).not.toBeNull();
    expect(cancellationFeeDue({ snapshot: usd, nextDueDate: '2026-04-15', rate: null }, new Date('2026-04-15T00:00:00Z'))).toBeNull();
  });
});
