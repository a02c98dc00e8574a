import { describe, expect, it } from 'vitest';
import { orphanVariantPrices, priceKey, unpricedFor, type NamedPrice } from '../../../../../src/modules/catalog/rules/variant-prices.ts';

const packagePrices: NamedPrice[] = [
  { name: 'Monthly', currency: 'USD' },
  { name: 'Yearly', currency: 'USD' },
  { name: 'Monthly', currency: 'EUR' },
];

type VariantPrice = { id: number; priceName: string; currency: string };
const vp = (id: number, priceName: string, currency: string): VariantPrice => ({ id, priceName, currency });

describe('orphanVariantPrices', () => {
  it.each<[string, VariantPrice[], number[]]>([
    ['none given', [], []],
    ['all matching', [vp(1, 'Monthly', 'USD'), vp(2, 'Yearly', 'USD'), vp(3, 'Monthly', 'EUR')], []],
    ['a name no package price has', [vp(1, 'Monthly', 'USD'), vp(2, 'Weekly', 'USD')], [2]],
    ['a known name in the wrong currency', [vp(1, 'Yearly', 'EUR'), vp(2, 'Monthly', 'EUR')], [1]],
    ['a name differing only in case (matching is exact)', [vp(1, 'monthly', 'USD')], [1]],
    ['a name with trailing space', [vp(1, 'Monthly ', 'USD')], [1]],
    ['several orphans, in their order', [vp(5, 'Old', 'USD'), vp(6, 'Monthly', 'USD'), vp(7, 'Monthly', 'GBP')], [5, 7]],
  ])('%s', (_label, variantPrices, orphanIds) => {
    expect(orphanVariantPrices(variantPrices, packagePrices).map((v) => v.id)).toEqual(orphanIds);
  });

  it('returns the very objects given, extra fields included', () => {
    const orphan = vp(9, 'Gone', 'USD');
    expect(orphanVariantPrices([orphan], packagePrices)[0]).toBe(orphan);
  });

  it('treats every variant price as an orphan when the package has no prices', () => {
    expect(orphanVariantPrices([vp(1, 'Monthly', 'USD')], [])).toHaveLength(1);
  });

  it('does not let name and currency run together into a false match', () => {
    expect(priceKey({ name: 'MonthlyU', currency: 'SD' })).not.toBe(priceKey({ name: 'Monthly', currency: 'USD' }));
    expect(orphanVariantPrices([vp(1, 'MonthlyU', 'SD')], packagePrices)).toHaveLength(1);
  });
});

describe('unpricedFor', () => {
  it.each<[string, { priceName: string; currency: string }[], NamedPrice[]]>([
    ['an option with no prices', [], packagePrices],
    ['an option priced for all', [vp(1, 'Monthly', 'USD'), vp(2, 'Yearly', 'USD'), vp(3, 'Monthly', 'EUR')], []],
    ['an option priced only in USD', [vp(1, 'Monthly', 'USD'), vp(2, 'Yearly', 'USD')], [{ name: 'Monthly', currency: 'EUR' }]],
    ['an option whose only price is an orphan', [vp(1, 'Weekly', 'USD')], packagePrices],
    ['an option priced in another case', [vp(1, 'MONTHLY', 'USD')], packagePrices],
  ])('%s', (_label, optionPrices, expected) => {
    expect(unpricedFor(optionPrices, packagePrices)).toEqual(expected);
  });

  it('finds nothing when the package has no prices', () => {
    expect(unpricedFor([vp(1, 'Monthly', 'USD')], [])).toEqual([]);
  });
});
