import { describe, expect, it } from 'vitest';
import { optionPriceGaps } from '../../../../src/modules/catalog/rules/option-price-gaps.ts';

const price = (name: string, currency: string, extra: Partial<{ type: string; enabled: boolean }> = {}) => ({
  name,
  currency,
  type: 'recurring',
  enabled: true,
  ...extra,
});
const priced = (...keys: [string, string][]) => keys.map(([priceName, currency]) => ({ priceName, currency }));

describe('optionPriceGaps', () => {
  const groups = [
    {
      name: 'Operating system',
      type: 'choice',
      options: [
        { name: 'Linux', prices: priced(['Monthly', 'USD'], ['Annual', 'USD']) },
        { name: 'Windows', prices: priced(['Monthly', 'USD']) },
      ],
    },
    { name: 'Hostname', type: 'text', options: [{ name: 'Hostname', prices: [] }] },
  ];

  it('names each package price an option has no price for, by group', () => {
    expect(optionPriceGaps([price('Monthly', 'USD'), price('Annual', 'USD'), price('Monthly', 'EUR')], groups)).toEqual([
      { priceName: 'Annual', currency: 'USD', group: 'Operating system', options: ['Windows'] },
      { priceName: 'Monthly', currency: 'EUR', group: 'Operating system', options: ['Linux', 'Windows'] },
    ]);
  });

  it('ignores free and disabled prices, and text options (never priced)', () => {
    expect(
      optionPriceGaps(
        [price('Trial', 'USD', { type: 'free' }), price('Annual', 'USD', { enabled: false }), price('Monthly', 'USD')],
        groups,
      ),
    ).toEqual([]);
  });
});
