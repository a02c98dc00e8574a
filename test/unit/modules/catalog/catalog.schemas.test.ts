import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { catalogInput, packageInput, priceInput, variantOptionPriceInput } from '../../../../src/modules/catalog/catalog.schemas.ts';

/** Field path -> first message, or {} when the input is accepted. */
function problems(schema: z.ZodType, input: unknown): Record<string, string> {
  const r = schema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const i of r.error.issues) out[i.path.join('.')] ??= i.message;
  return out;
}

const basePrice = { name: 'Monthly', type: 'recurring', intervalCount: '1', period: 'month', currency: 'usd', price: '12.5' };

describe('priceInput', () => {
  it('normalises a form submission', () => {
    expect(priceInput.parse(basePrice)).toEqual({
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '12.5000',
      renewalPrice: null,
      setupFee: '0.0000',
      cancellationFee: '0.0000',
      cancelAtEndOfTerm: false,
      enabled: true,
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a JSON number price', { price: 9.99 }, { price: '9.9900' }],
    ['a price with thousands separators', { price: '1,299.00' }, { price: '1299.0000' }],
    ['4 decimals', { price: '0.0385' }, { price: '0.0385' }],
    ['a renewal price', { renewalPrice: '15' }, { renewalPrice: '15.0000' }],
    ['a blank renewal price', { renewalPrice: '  ' }, { renewalPrice: null }],
    ['a blank setup fee', { setupFee: '' }, { setupFee: '0.0000' }],
    ['a blank period', { type: 'onetime', intervalCount: '', period: '' }, { intervalCount: null, period: null }],
    ['checkbox values', { cancelAtEndOfTerm: 'on', enabled: 'false' }, { cancelAtEndOfTerm: true, enabled: false }],
    ['a trimmed name', { name: '  Monthly  ' }, { name: 'Monthly' }],
  ])('accepts %s', (_label, over, expected) => {
    expect(priceInput.parse({ ...basePrice, ...over })).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a price with 5 decimals', { price: '12.50001' }, 'price', 'Use at most 4 decimal places.'],
    ['a negative price', { price: '-1' }, 'price', 'The amount cannot be negative.'],
    ['a non-numeric price', { price: 'twelve' }, 'price', 'Enter a number such as 12.50.'],
    ['an exponent price', { price: '1e5' }, 'price', 'Enter a number such as 12.50.'],
    ['a missing price', { price: undefined }, 'price', 'Enter an amount.'],
    ['a blank price', { price: '' }, 'price', 'Enter an amount.'],
    ['a huge price', { price: '1000000000000000' }, 'price', 'That amount is too large.'],
    ['an array price', { price: ['1'] }, 'price', 'Enter a number.'],
    ['a negative setup fee', { setupFee: '-5' }, 'setupFee', 'The amount cannot be negative.'],
    ['a setup fee with 5 decimals', { setupFee: '0.00001' }, 'setupFee', 'Use at most 4 decimal places.'],
    ['a negative renewal price', { renewalPrice: '-0.01' }, 'renewalPrice', 'The amount cannot be negative.'],
    ['a negative cancellation fee', { cancellationFee: '-1' }, 'cancellationFee', 'The amount cannot be negative.'],
    ['an unknown type', { type: 'weekly' }, 'type', 'Choose free, onetime or recurring.'],
    ['an unknown period', { period: 'fortnight' }, 'period', 'Choose day, week, month or year.'],
    ['an interval of 0', { intervalCount: '0' }, 'intervalCount', 'Use 1 or more.'],
    ['an interval over 120', { intervalCount: '121' }, 'intervalCount', 'Use 120 or less.'],
    ['a fractional interval', { intervalCount: '1.5' }, 'intervalCount', 'Enter a whole number from 1 to 120.'],
    ['a bad currency', { currency: 'dollars' }, 'currency', 'Use a three-letter currency code such as USD.'],
    ['a currency as a number', { currency: 840 }, 'currency', 'Choose a currency.'],
    ['a blank name', { name: '   ' }, 'name', 'Enter a name.'],
    ['a name over 60 characters', { name: 'n'.repeat(61) }, 'name', 'Use at most 60 characters.'],
    ['a checkbox with junk', { enabled: 'maybe' }, 'enabled', 'Choose yes or no.'],
  ])('refuses %s', (_label, over, path, message) => {
    expect(problems(priceInput, { ...basePrice, ...over })[path]).toBe(message);
  });
});

const basePackage = { catalogId: '1', name: 'VPS Small' };

describe('packageInput', () => {
  it('fills defaults from a minimal submission', () => {
    expect(packageInput.parse(basePackage)).toEqual({
      catalogId: 1,
      name: 'VPS Small',
      slug: '',
      description: '',
      stock: -1,
      perUserLimit: -1,
      allowCancellation: true,
      allowQuantity: false,
      status: 'visible',
      taxable: true,
      useRenewalPricesForUpgrades: false,
      proRata: false,
      proRataDay: null,
      proRataCutoffDay: null,
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['pro rata with a day', { proRata: 'on', proRataDay: '1' }, { proRata: true, proRataDay: 1 }],
    [
      'pro rata with a day and a cutoff',
      { proRata: true, proRataDay: 28, proRataCutoffDay: '20' },
      { proRataDay: 28, proRataCutoffDay: 20 },
    ],
    ['unlimited stock', { stock: '-1' }, { stock: -1 }],
    ['zero stock', { stock: '0' }, { stock: 0 }],
    ['a slug', { slug: ' vps-small ' }, { slug: 'vps-small' }],
    ['a <script> name, kept as text (escaped when rendered)', { name: '<script>alert(1)</script>' }, { name: '<script>alert(1)</script>' }],
    ['a name of 160 characters', { name: 'n'.repeat(160) }, { name: 'n'.repeat(160) }],
    ['a description of 20000 characters', { description: 'd'.repeat(20_000) }, { description: 'd'.repeat(20_000) }],
    ['a null description', { description: null }, { description: '' }],
    ['a status', { status: 'hidden' }, { status: 'hidden' }],
  ])('accepts %s', (_label, over, expected) => {
    expect(packageInput.parse({ ...basePackage, ...over })).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['pro rata without a day', { proRata: 'on' }, 'proRataDay', 'Pro rata needs a pro rata day (1-28).'],
    ['pro rata with a blank day', { proRata: 'on', proRataDay: '' }, 'proRataDay', 'Pro rata needs a pro rata day (1-28).'],
    ['a pro rata day of 29', { proRata: 'on', proRataDay: '29' }, 'proRataDay', 'Use 28 or less.'],
    ['a pro rata day of 0', { proRata: 'on', proRataDay: '0' }, 'proRataDay', 'Use 1 or more.'],
    ['a cutoff day without pro rata', { proRataCutoffDay: '10' }, 'proRataCutoffDay', 'A cutoff day only applies with pro rata on.'],
    ['stock of -2', { stock: '-2' }, 'stock', 'Use -1 or more.'],
    ['stock of -100', { stock: -100 }, 'stock', 'Use -1 or more.'],
    ['stock over a billion', { stock: '1000000001' }, 'stock', 'Use 1000000000 or less.'],
    ['fractional stock', { stock: '1.5' }, 'stock', 'Enter a whole number, or -1 for unlimited.'],
    ['stock as a word', { stock: 'lots' }, 'stock', 'Enter a whole number, or -1 for unlimited.'],
    ['stock as an array', { stock: ['1'] }, 'stock', 'Enter a whole number, or -1 for unlimited.'],
    ['a per-user limit of -2', { perUserLimit: '-2' }, 'perUserLimit', 'Use -1 or more.'],
    ['a name over 160 characters', { name: 'n'.repeat(161) }, 'name', 'Use at most 160 characters.'],
    ['a megabyte name', { name: 'n'.repeat(1_000_000) }, 'name', 'Use at most 160 characters.'],
    ['a description over 20000 characters', { description: 'd'.repeat(20_001) }, 'description', 'Use at most 20000 characters.'],
    ['a slug over 80 characters', { slug: 's'.repeat(81) }, 'slug', 'Use at most 80 characters.'],
    ['a bad slug', { slug: 'VPS Small' }, 'slug', 'Use lowercase letters, digits and single hyphens (e.g. vps-small).'],
    ['a name as an array', { name: ['VPS', 'Small'] }, 'name', 'Enter a name.'],
    ['a name as an object', { name: { first: 'VPS' } }, 'name', 'Enter a name.'],
    ['a name as a number', { name: 42 }, 'name', 'Enter a name.'],
    ['a missing name', { name: undefined }, 'name', 'Enter a name.'],
    ['a description as an object', { description: { html: '<p>x</p>' } }, 'description', 'Enter text.'],
    ['a slug as an array', { slug: ['a'] }, 'slug', 'Enter a slug.'],
    ['an unknown status', { status: 'deleted' }, 'status', 'Choose one of: visible, hidden, restricted, inactive.'],
    ['a checkbox as an object', { taxable: {} }, 'taxable', 'Choose yes or no.'],
    // A catalog is picked from a list: whatever is wrong with it, the sentence says to choose one.
    ['a catalog id of 0', { catalogId: '0' }, 'catalogId', 'Choose a catalog.'],
    ['a catalog id as a word', { catalogId: 'abc' }, 'catalogId', 'Choose a catalog.'],
    ['no catalog', { catalogId: '' }, 'catalogId', 'Choose a catalog.'],
    ['a catalog id over int4', { catalogId: '2147483648' }, 'catalogId', 'Choose a catalog.'],
  ])('refuses %s', (_label, over, path, message) => {
    expect(problems(packageInput, { ...basePackage, ...over })[path]).toBe(message);
  });
});

describe('catalogInput', () => {
  it.each<[unknown, Record<string, string>]>([
    [{ name: 'Web Hosting' }, {}],
    [{ name: '<b>Bold</b> & co' }, {}],
    [{ name: '' }, { name: 'Enter a name.' }],
    [{ name: 'n'.repeat(121) }, { name: 'Use at most 120 characters.' }],
    [{ name: [] }, { name: 'Enter a name.' }],
    [{ name: 'Ok', description: 'd'.repeat(2001) }, { description: 'Use at most 2000 characters.' }],
  ])('%o -> %o', (input, expected) => {
    expect(problems(catalogInput, input)).toEqual(expected);
  });
});

describe('variantOptionPriceInput', () => {
  it.each<[unknown, Record<string, string>]>([
    [{ priceName: 'Monthly', currency: 'eur', price: '' }, {}],
    [{ priceName: 'Monthly', currency: 'EUR', price: '2.5' }, {}],
    [{ priceName: 'Monthly', currency: 'EUR', price: '-2.5' }, { price: 'The amount cannot be negative.' }],
    [{ priceName: 'Monthly', currency: 'EUR', price: '2.50001' }, { price: 'Use at most 4 decimal places.' }],
    [{ priceName: '', currency: 'EUR', price: '1' }, { priceName: 'Enter the package price name.' }],
  ])('%o -> %o', (input, expected) => {
    expect(problems(variantOptionPriceInput, input)).toEqual(expected);
  });

  it('turns a blank option price into zero', () => {
    expect(variantOptionPriceInput.parse({ priceName: 'Monthly', currency: 'eur', price: '  ' })).toEqual({
      priceName: 'Monthly',
      currency: 'EUR',
      price: '0.0000',
      setupFee: '0.0000',
    });
  });
});
