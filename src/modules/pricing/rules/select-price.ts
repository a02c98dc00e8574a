import type { Period, PriceType } from '../../catalog/rules/constants.ts';
import { DomainError } from '../../shared/errors.ts';
import { applyRate, fromDecimalString, type Units } from '../../shared/money.ts';

// Which stored amounts an order uses (DOMAIN.md "Money" and the Billmora variant rule).
//
// NOTE (currencies): the package's price row in the order's currency wins; only when there is
// none is the default-currency row converted at the order currency's rate. A row in the order
// currency that staff disabled is not orderable: it never falls back to a converted price.
//
// NOTE (variants): an option's price belongs to one package price row, keyed by that row's name
// AND currency. A converted order uses the default-currency row, so its options' default-currency
// prices are converted with it. An option with no price for the row cannot be ordered with it:
// a refusal, never a silent 0.

/** The fields of a catalog PriceDetail a quote reads. */
export interface QuotePrice {
  id?: number;
  name: string;
  type: PriceType;
  intervalCount: number | null;
  period: Period | null;
  currency: string;
  price: string;
  renewalPrice: string | null;
  setupFee: string;
  enabled: boolean;
}

/** One chosen option of one variant group (the catalog's VariantOptionDetail as the option). */
export interface QuoteVariant {
  groupId: number;
  groupName: string;
  option: { id: number; name: string; prices: readonly { priceName: string; currency: string; price: string; setupFee: string }[] };
  /** A quantity option: how many units of the option (its price and setup fee are per unit). */
  quantity?: number;
  /** A text option: the value given (never priced). */
  text?: string;
}

export interface OrderCurrency {
  code: string;
  minorUnits: number;
  /** How many units of this currency one unit of the default buys ("1" for the default itself). */
  rate: string;
}

export interface ChosenPrice {
  row: QuotePrice;
  /** Brings an amount of `row.currency` into the order currency (identity unless converted). */
  convert: (units: Units) => Units;
  converted: boolean;
}

export function choosePrice(prices: readonly QuotePrice[], priceName: string, order: OrderCurrency, defaultCurrency: string): ChosenPrice {
  const own = prices.find((p) => p.name === priceName && p.currency === order.code);
  if (own) {
    if (!own.enabled) throw new DomainError(`The ${priceName} pricing option is not available.`, 'price');
    return { row: own, convert: (u) => u, converted: false };
  }
  const base = prices.find((p) => p.name === priceName && p.currency === defaultCurrency);
  if (!base || !base.enabled) {
    throw new DomainError(`The ${priceName} pricing option is not available in ${order.code}.`, 'price');
  }
  return { row: base, convert: (u) => applyRate(u, order.rate), converted: true };
}

export interface VariantAmounts {
  price: Units;
  setupFee: Units;
}

/** The option's price for the chosen row, in the order currency. */
export function variantAmounts(variant: QuoteVariant, chosen: ChosenPrice): VariantAmounts {
  const { row, convert } = chosen;
  const vp = variant.option.prices.find((p) => p.priceName === row.name && p.currency === row.currency);
  if (!vp) {
    throw new DomainError(
      `${variant.groupName}: ${variant.option.name} is not available with the ${row.name} pricing option.`,
      `variants.${variant.groupId}`,
    );
  }
  return { price: convert(fromDecimalString(vp.price)), setupFee: convert(fromDecimalString(vp.setupFee)) };
}
