import { describe, expect, it } from 'vitest';
import { lowestChoice, optionAmounts, priceChoices, termLabel } from '../../../../../src/modules/pricing/rules/store-prices.ts';
import type { QuotePrice } from '../../../../../src/modules/pricing/rules/select-price.ts';

const USD = { code: 'USD', minorUnits: 2, rate: '1' };
const EUR = { code: 'EUR', minorUnits: 2, rate: '0.92' };
const row = (name: string, over: Partial<QuotePrice> = {}): QuotePrice => ({
  name,
  type: 'recurring',
  intervalCount: 1,
  period: 'month',
  currency: 'USD',
  price: '10.0000',
  renewalPrice: null,
  setupFee: '0.0000',
  enabled: true,
  ...over,
});

describe('priceChoices', () => {
  it.each([
    [
      'the own currency row wins',
      [row('Monthly'), row('Monthly', { currency: 'EUR', price: '9.5000' })],
      EUR,
      [['Monthly', '9.5000', false]],
    ],
    [
      'a missing currency converts the default row, setup fee too',
      [row('Monthly', { setupFee: '5.0000' })],
      EUR,
      [['Monthly', '9.2000', true]],
    ],
    [
      'a disabled own row is not offered (never falls back)',
      [row('Monthly'), row('Monthly', { currency: 'EUR', enabled: false })],
      EUR,
      [],
    ],
    [
      'a disabled default row is not offered',
      [row('Monthly', { enabled: false }), row('Annual', { period: 'year', price: '100.0000' })],
      USD,
      [['Annual', '100.0000', false]],
    ],
    [
      'one choice per name, in the package order',
      [row('Annual', { period: 'year' }), row('Monthly'), row('Annual', { currency: 'EUR', period: 'year' })],
      USD,
      [
        ['Annual', '10.0000', false],
        ['Monthly', '10.0000', false],
      ],
    ],
  ] as const)('%s', (_, prices, currency, expected) => {
    expect(priceChoices(prices, currency, 'USD').map((c) => [c.name, c.amount, c.converted])).toEqual(expected);
  });

  it('converts the setup fee and the renewal price with the price', () => {
    const [c] = priceChoices([row('Monthly', { setupFee: '5.0000', renewalPrice: '12.0000' })], EUR, 'USD');
    expect(c).toMatchObject({ setupFee: '4.6000', renewalAmount: '11.0400' });
  });
});

describe('lowestChoice', () => {
  const choices = (prices: QuotePrice[]) => priceChoices(prices, USD, 'USD');
  it.each([
    ['free wins', [row('Monthly'), row('Free', { type: 'free', intervalCount: null, period: null, price: '0.0000' })], 'Free'],
    [
      'the lowest rate, not the lowest amount: 100/year beats 10/month',
      [row('Monthly'), row('Annual', { period: 'year', price: '100.0000' })],
      'Annual',
    ],
    ['130/year loses to 10/month', [row('Monthly'), row('Annual', { period: 'year', price: '130.0000' })], 'Monthly'],
    ['3/week (13.04/month) loses to 10/month', [row('Weekly', { period: 'week', price: '3.0000' }), row('Monthly')], 'Monthly'],
    ['27/quarter beats 10/month', [row('Monthly'), row('Quarterly', { intervalCount: 3, price: '27.0000' })], 'Quarterly'],
    [
      'recurring before one-time',
      [row('Once', { type: 'onetime', intervalCount: null, period: null, price: '1.0000' }), row('Monthly')],
      'Monthly',
    ],
    [
      'the cheapest one-time when nothing recurs',
      [
        row('Big', { type: 'onetime', intervalCount: null, period: null, price: '9.0000' }),
        row('Small', { type: 'onetime', intervalCount: null, period: null, price: '5.0000' }),
      ],
      'Small',
    ],
  ] as const)('%s', (_, prices, name) => {
    expect(lowestChoice(choices([...prices]))?.name).toBe(name);
  });

  it('is null when nothing is orderable', () => {
    expect(lowestChoice([])).toBeNull();
  });
});

describe('optionAmounts', () => {
  const option = { id: 1, name: 'Windows', prices: [{ priceName: 'Monthly', currency: 'USD', price: '15.0000', setupFee: '1.0000' }] };
  it('prices an option for a pricing option, converted with it, or null when not offered', () => {
    expect(optionAmounts(option, 'Monthly', [row('Monthly')], USD, 'USD')).toEqual({ price: '15.0000', setupFee: '1.0000' });
    expect(optionAmounts(option, 'Monthly', [row('Monthly')], EUR, 'USD')).toEqual({ price: '13.8000', setupFee: '0.9200' });
    expect(optionAmounts(option, 'Annual', [row('Monthly'), row('Annual', { period: 'year' })], USD, 'USD')).toBeNull();
    expect(optionAmounts(option, 'Monthly', [row('Monthly'), row('Monthly', { currency: 'EUR' })], EUR, 'USD')).toBeNull();
  });
});

describe('termLabel', () => {
  it.each([
    [1, 'month', 'month'],
    [3, 'month', '3 months'],
    [1, 'year', 'year'],
    [2, 'week', '2 weeks'],
    [null, null, ''],
  ] as const)('%s %s → %s', (n, period, label) => {
    expect(termLabel(n, period)).toBe(label);
  });
});
