import type { PriceDetail, VariantOptionDetail } from '../../../../../src/modules/catalog/serialize-package.ts';
import type { Quote, QuoteInput, QuoteVariant } from '../../../../../src/modules/pricing/rules/quote.ts';

// One package, "Hosting Basic", priced the way the catalog serializer hands it over.

let nextId = 1;
export function price(p: Partial<PriceDetail> & Pick<PriceDetail, 'name' | 'currency' | 'price'>): PriceDetail {
  return {
    id: nextId++,
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    renewalPrice: null,
    setupFee: '0.0000',
    cancellationFee: '0.0000',
    cancelAtEndOfTerm: false,
    enabled: true,
    ...p,
  };
}

export const PRICES: PriceDetail[] = [
  price({ name: 'Monthly', currency: 'USD', price: '30.0000', setupFee: '5.0000' }),
  price({ name: 'Monthly', currency: 'EUR', price: '27.0000', setupFee: '4.0000' }),
  price({ name: 'Annual', currency: 'USD', price: '300.0000', renewalPrice: '330.0000', period: 'year' }),
  price({ name: 'Quarterly', currency: 'USD', price: '90.0000', intervalCount: 3 }),
  price({ name: 'Weekly', currency: 'USD', price: '7.0000', period: 'week' }),
  price({ name: 'Lifetime', currency: 'USD', type: 'onetime', intervalCount: null, period: null, price: '100.0000', setupFee: '10.0000' }),
  price({ name: 'Free', currency: 'USD', type: 'free', intervalCount: null, period: null, price: '0.0000' }),
  price({ name: 'Monthly', currency: 'CHF', price: '29.0000', enabled: false }),
];

const vp = (priceName: string, currency: string, amount: string, setupFee = '0.0000') => ({ priceName, currency, price: amount, setupFee });

export const UBUNTU: VariantOptionDetail = {
  id: 11,
  name: 'Ubuntu',
  prices: ['Monthly', 'Annual', 'Quarterly', 'Weekly', 'Lifetime']
    .map((n) => vp(n, 'USD', '0.0000'))
    .concat([vp('Monthly', 'EUR', '0.0000')]),
};
// Windows has no Annual price (not orderable yearly) and no EUR price for Quarterly.
export const WINDOWS: VariantOptionDetail = {
  id: 12,
  name: 'Windows',
  prices: [
    vp('Monthly', 'USD', '10.0000', '15.0000'),
    vp('Monthly', 'EUR', '9.0000', '14.0000'),
    vp('Quarterly', 'USD', '30.0000'),
    vp('Lifetime', 'USD', '40.0000', '1.0000'),
  ],
};
export const DAILY_BACKUPS: VariantOptionDetail = {
  id: 21,
  name: 'Daily',
  prices: [vp('Monthly', 'USD', '2.5000'), vp('Annual', 'USD', '25.0000')],
};

export const os = (option: VariantOptionDetail): QuoteVariant => ({ groupId: 1, groupName: 'Operating system', option });
export const backups = (option: VariantOptionDetail): QuoteVariant => ({ groupId: 2, groupName: 'Backups', option });

export const USD = { code: 'USD', minorUnits: 2, rate: '1.00000000' };
export const EUR = { code: 'EUR', minorUnits: 2, rate: '0.92000000' };
export const GBP = { code: 'GBP', minorUnits: 2, rate: '0.79000000' };
export const JPY = { code: 'JPY', minorUnits: 0, rate: '151.20000000' };
export const CHF = { code: 'CHF', minorUnits: 2, rate: '0.88000000' };

export function input(over: Partial<QuoteInput> = {}): QuoteInput {
  return {
    packageName: 'Hosting Basic',
    prices: PRICES,
    priceName: 'Monthly',
    variants: [],
    quantity: 1,
    proRata: { proRata: false, proRataDay: null, proRataCutoffDay: null },
    taxable: false,
    taxRate: null,
    currency: USD,
    defaultCurrency: 'USD',
    ...over,
  };
}

export const proRata = (D: number, C: number | null = null) => ({ proRata: true, proRataDay: D, proRataCutoffDay: C });

/** [kind, amount] pairs: the shape most cases assert on. */
export const amounts = (q: Quote) => q.lines.map((l) => [l.kind, l.amount]);
export const totals = (q: Quote) => [q.subtotal, q.tax, q.total];
