import { describe, expect, it } from 'vitest';
import type { PackageDetail } from '../../../../../src/modules/catalog/serialize-package.ts';
import { quote, type QuoteInput } from '../../../../../src/modules/pricing/rules/quote.ts';
import { amounts, CHF, EUR, GBP, input, JPY, os, price, proRata, totals, WINDOWS } from './quote-fixtures.ts';

describe('quote: the order currency', () => {
  it('uses the package price in the order currency when there is one (never the converted one)', () => {
    const q = quote(input({ currency: EUR, variants: [os(WINDOWS)] }), '2025-01-10');
    // 27 EUR, not 30 × 0.92 = 27.60; Windows's EUR price 9, not 10 × 0.92.
    expect(amounts(q)).toEqual([
      ['price', '27.0000'],
      ['setup', '4.0000'],
      ['variant', '9.0000'],
      ['variant-setup', '14.0000'],
    ]);
    expect(q.currency).toBe('EUR');
    expect(q.total).toBe('54.0000');
  });

  it('converts the default-currency price at the rate when the package has none in the order currency', () => {
    const q = quote(input({ currency: GBP, variants: [os(WINDOWS)] }), '2025-01-10');
    // NOTE: options follow the price row used: the USD Monthly row, so Windows's USD prices, converted.
    expect(amounts(q)).toEqual([
      ['price', '23.7000'],
      ['setup', '3.9500'],
      ['variant', '7.9000'],
      ['variant-setup', '11.8500'],
    ]);
    expect(q.renewalAmount).toBe('31.6000');
  });

  it('keeps 4 decimals on converted lines and rounds only the totals', () => {
    const prices = [price({ name: 'Monthly', currency: 'USD', price: '9.99' })];
    const q = quote(input({ prices, currency: EUR, priceName: 'Monthly' }), '2025-01-10');
    // 9.99 × 0.92 = 9.1908 → total 9.19
    expect(amounts(q)).toEqual([['price', '9.1908']]);
    expect(totals(q)).toEqual(['9.1900', '0.0000', '9.1900']);
  });

  it('JPY (0 decimals): converted lines keep 4 decimals, totals are whole yen', () => {
    const q = quote(
      input({ currency: JPY, prices: [price({ name: 'Monthly', currency: 'USD', price: '9.99', setupFee: '0.50' })] }),
      '2025-01-10',
    );
    // 9.99 × 151.2 = 1510.488; 0.50 × 151.2 = 75.6; subtotal 1586.088 → 1586
    expect(amounts(q)).toEqual([
      ['price', '1510.4880'],
      ['setup', '75.6000'],
    ]);
    expect(totals(q)).toEqual(['1586.0000', '0.0000', '1586.0000']);
  });

  it('JPY with 10% tax rounds the tax to whole yen on the rounded subtotal', () => {
    const q = quote(input({ currency: JPY, taxable: true, taxRate: '10.0000' }), '2025-01-10');
    // (30 + 5) × 151.2 = 5292 → tax 529.2 → 529
    expect(totals(q)).toEqual(['5292.0000', '529.0000', '5821.0000']);
  });

  it('converts before prorating, the same as a stored price', () => {
    const prices = [price({ name: 'Monthly', currency: 'USD', price: '30' })];
    const q = quote(input({ prices, currency: GBP, proRata: proRata(1, 20) }), '2025-01-10');
    // 30 × 0.79 = 23.70; 23.70 × 22/31 = 16.8193…
    expect(amounts(q)).toEqual([['prorata', '16.8194']]);
  });

  it('refuses an order-currency price staff disabled, rather than converting the default one', () => {
    expect(() => quote(input({ currency: CHF }), '2025-01-10')).toThrow(expect.objectContaining({ field: 'price' }));
  });

  it('refuses a price name with no row in the order currency nor the default currency', () => {
    const prices = [price({ name: 'Monthly', currency: 'EUR', price: '27' })];
    expect(() => quote(input({ prices, currency: GBP }), '2025-01-10')).toThrow(expect.objectContaining({ field: 'price' }));
  });

  it('refuses an option priced for the name only in another currency', () => {
    // The package sells Quarterly in EUR, but Windows has only a USD Quarterly price: it is not
    // converted from USD (that would mix rows), it is not orderable with EUR Quarterly.
    const prices = [price({ name: 'Quarterly', currency: 'EUR', price: '80', intervalCount: 3 })];
    const call = () => quote(input({ prices, priceName: 'Quarterly', currency: EUR, variants: [os(WINDOWS)] }), '2025-01-10');
    expect(call).toThrow(
      expect.objectContaining({
        field: 'variants.1',
        message: 'Operating system: Windows is not available with the Quarterly pricing option.',
      }),
    );
  });
});

describe('quote: tax', () => {
  it.each<[string, Partial<QuoteInput>, [string, string, string], string | null]>([
    ['a taxable package at 19%', { taxable: true, taxRate: '19.0000' }, ['35.0000', '6.6500', '41.6500'], '19.0000'],
    ['a taxable package, a country without a rate', { taxable: true, taxRate: null }, ['35.0000', '0.0000', '35.0000'], null],
    ['a package that is not taxable', { taxable: false, taxRate: '19.0000' }, ['35.0000', '0.0000', '35.0000'], null],
    // NOTE: tax on the rounded subtotal: 21.2903 → 21.29 × 19% = 4.0451 → 4.05
    [
      'pro rata at 19%',
      { taxable: true, taxRate: '19', proRata: proRata(1, 20), prices: [price({ name: 'Monthly', currency: 'USD', price: '30' })] },
      ['21.2900', '4.0500', '25.3400'],
      '19',
    ],
  ])('%s', (_label, over, expected, taxRate) => {
    const q = quote(input(over), '2025-01-10');
    expect(totals(q)).toEqual(expected);
    expect(q.taxRate).toBe(taxRate);
    expect(q.lines.every((l) => l.taxable === (over.taxable ?? false))).toBe(true);
  });
});

describe('quote: takes the catalog shapes as they are', () => {
  it('accepts a PackageDetail price list and variant options without mapping', () => {
    const pkg = {
      name: 'Hosting Basic',
      prices: [price({ name: 'Monthly', currency: 'USD', price: '12.5000' })],
      variantGroups: [
        {
          id: 7,
          name: 'Region',
          type: 'choice',
          display: 'radio',
          minQuantity: 0,
          maxQuantity: 1,
          pattern: '',
          upgradable: false,
          options: [{ id: 70, name: 'EU', prices: [{ priceName: 'Monthly', currency: 'USD', price: '1.0000', setupFee: '0.0000' }] }],
        },
      ],
      proRata: false,
      proRataDay: null,
      proRataCutoffDay: null,
      taxable: true,
    } satisfies Partial<PackageDetail>;
    const group = pkg.variantGroups[0]!;
    const q = quote(
      input({
        packageName: pkg.name,
        prices: pkg.prices,
        variants: [{ groupId: group.id, groupName: group.name, option: group.options[0]! }],
        proRata: pkg,
        taxable: pkg.taxable,
      }),
      '2025-01-10',
    );
    expect(amounts(q)).toEqual([
      ['price', '12.5000'],
      ['variant', '1.0000'],
    ]);
    expect(q.lines[1]!.description).toBe('Region: EU');
  });
});
