import { describe, expect, it } from 'vitest';
import {
  duplicateNameProblem,
  priceProblems,
  sameTermWarnings,
  termLabel,
  type PriceShape,
} from '../../../../../src/modules/catalog/rules/price.ts';

const price = (over: Partial<PriceShape> = {}): PriceShape => ({
  name: 'Monthly',
  type: 'recurring',
  intervalCount: 1,
  period: 'month',
  currency: 'USD',
  price: '10.0000',
  renewalPrice: null,
  setupFee: '0.0000',
  cancellationFee: '0.0000',
  ...over,
});

describe('priceProblems', () => {
  it.each<[string, Partial<PriceShape>, Record<string, string>]>([
    ['a valid recurring price', {}, {}],
    ['a recurring price with a renewal price', { renewalPrice: '12.0000' }, {}],
    ['a recurring price with a setup fee', { setupFee: '5.0000' }, {}],
    [
      'recurring without an interval',
      { intervalCount: null },
      { intervalCount: 'A recurring price needs an interval (e.g. every 1 month).' },
    ],
    ['recurring with interval 0', { intervalCount: 0 }, { intervalCount: 'A recurring price needs an interval (e.g. every 1 month).' }],
    ['recurring without a period', { period: null }, { period: 'A recurring price needs a billing period.' }],
    [
      'recurring without either',
      { intervalCount: undefined, period: undefined },
      {
        intervalCount: 'A recurring price needs an interval (e.g. every 1 month).',
        period: 'A recurring price needs a billing period.',
      },
    ],
    ['a valid onetime price', { type: 'onetime', intervalCount: null, period: null, setupFee: '2.0000' }, {}],
    [
      'onetime with a period',
      { type: 'onetime', intervalCount: null, period: 'month' },
      { period: 'Only a recurring price has a billing period; choose none.' },
    ],
    [
      'onetime with an interval',
      { type: 'onetime', intervalCount: 3, period: null },
      { intervalCount: 'Only a recurring price has an interval; leave it blank.' },
    ],
    [
      'onetime with a renewal price',
      { type: 'onetime', intervalCount: null, period: null, renewalPrice: '5.0000' },
      { renewalPrice: 'Only a recurring price renews.' },
    ],
    ['onetime with a zero renewal price', { type: 'onetime', intervalCount: null, period: null, renewalPrice: '0.0000' }, {}],
    ['a valid free price', { type: 'free', intervalCount: null, period: null, price: '0.0000' }, {}],
    ['free with price "0"', { type: 'free', intervalCount: null, period: null, price: '0' }, {}],
    [
      'free with a non-zero price',
      { type: 'free', intervalCount: null, period: null, price: '0.0100' },
      { price: 'A free price must be 0.' },
    ],
    [
      'free with a setup fee',
      { type: 'free', intervalCount: null, period: null, price: '0.0000', setupFee: '1.0000' },
      { setupFee: 'A free price has no setup fee.' },
    ],
    [
      'free with a period and a price',
      { type: 'free', intervalCount: 1, period: 'year', price: '9.0000' },
      {
        intervalCount: 'Only a recurring price has an interval; leave it blank.',
        period: 'Only a recurring price has a billing period; choose none.',
        price: 'A free price must be 0.',
      },
    ],
  ])('%s', (_label, over, expected) => {
    expect(priceProblems(price(over))).toEqual(expected);
  });
});

describe('duplicateNameProblem', () => {
  const others = [
    price({ id: 1, name: 'Monthly' }),
    price({ id: 2, name: 'Yearly', period: 'year' }),
    price({ id: 3, name: 'Monthly', currency: 'EUR' }),
  ];

  it.each<[string, Partial<PriceShape>, string | null]>([
    ['a new price with a fresh name', { name: 'Quarterly' }, null],
    ['a new price with a taken name', { name: 'Monthly' }, 'This package already has a price named "Monthly" in USD.'],
    ['a taken name in another case', { name: 'MONTHLY' }, 'This package already has a price named "Monthly" in USD.'],
    ['a taken name in lower case', { name: 'yearly' }, 'This package already has a price named "Yearly" in USD.'],
    ['the same name in a currency without it', { name: 'Monthly', currency: 'GBP' }, null],
    [
      'the same name in another currency that has it',
      { name: 'monthly', currency: 'EUR' },
      'This package already has a price named "Monthly" in EUR.',
    ],
    ['a price keeping its own name', { id: 1, name: 'Monthly' }, null],
    ['a price changing the case of its own name', { id: 1, name: 'monthly' }, null],
    ['an existing price renamed onto another', { id: 2, name: 'Monthly' }, 'This package already has a price named "Monthly" in USD.'],
    [
      'a price moved into a currency where its name is taken',
      { id: 1, name: 'Monthly', currency: 'EUR' },
      'This package already has a price named "Monthly" in EUR.',
    ],
  ])('%s', (_label, over, expected) => {
    expect(duplicateNameProblem(price(over), others)).toBe(expected);
  });

  it('finds nothing among no prices', () => {
    expect(duplicateNameProblem(price(), [])).toBeNull();
  });
});

describe('termLabel', () => {
  it.each<[Pick<PriceShape, 'type' | 'intervalCount' | 'period'>, string]>([
    [{ type: 'free' }, 'Free'],
    [{ type: 'onetime' }, 'One time'],
    [{ type: 'recurring', intervalCount: 1, period: 'month' }, 'Every month'],
    [{ type: 'recurring', intervalCount: null, period: 'year' }, 'Every year'],
    [{ type: 'recurring', intervalCount: 3, period: 'month' }, 'Every 3 months'],
    [{ type: 'recurring', intervalCount: 2, period: 'week' }, 'Every 2 weeks'],
    [{ type: 'recurring', intervalCount: 30, period: 'day' }, 'Every 30 days'],
  ])('%j -> %j', (p, label) => {
    expect(termLabel(p)).toBe(label);
  });
});

describe('sameTermWarnings', () => {
  it.each<[string, PriceShape[], string[]]>([
    ['no prices', [], []],
    ['distinct terms', [price(), price({ name: 'Yearly', period: 'year' }), price({ name: 'Quarterly', intervalCount: 3 })], []],
    ['the same term in different currencies', [price(), price({ name: 'Monthly EU', currency: 'EUR' })], []],
    [
      'different types',
      [
        price({ name: 'Once', type: 'onetime', intervalCount: null, period: null }),
        price({ name: 'Trial', type: 'free', intervalCount: null, period: null, price: '0' }),
      ],
      [],
    ],
    [
      'two monthly USD prices',
      [price({ name: 'Monthly' }), price({ name: 'Monthly promo', price: '5.0000' })],
      ['"Monthly" and "Monthly promo" have the same term (every month) in USD.'],
    ],
    [
      'three prices every 3 months in EUR',
      [
        price({ name: 'A', intervalCount: 3, currency: 'EUR' }),
        price({ name: 'B', intervalCount: 3, currency: 'EUR' }),
        price({ name: 'C', intervalCount: 3, currency: 'EUR' }),
      ],
      ['"A" and "B" and "C" have the same term (every 3 months) in EUR.'],
    ],
    [
      'two onetime prices',
      [
        price({ name: 'Setup', type: 'onetime', intervalCount: null, period: null }),
        price({ name: 'Lifetime', type: 'onetime', intervalCount: null, period: null }),
      ],
      ['"Setup" and "Lifetime" have the same term (one time) in USD.'],
    ],
    [
      'two clashing groups, one sentence each',
      [
        price({ name: 'M1' }),
        price({ name: 'Y1', period: 'year' }),
        price({ name: 'M2' }),
        price({ name: 'Y2', period: 'year' }),
        price({ name: 'Solo', period: 'week' }),
      ],
      ['"M1" and "M2" have the same term (every month) in USD.', '"Y1" and "Y2" have the same term (every year) in USD.'],
    ],
  ])('%s', (_label, prices, expected) => {
    expect(sameTermWarnings(prices)).toEqual(expected);
  });
});
