import type { OptionType, Period, PriceType } from '../../catalog/rules/constants.ts';
import { choosePrice, variantAmounts, type OrderCurrency, type QuotePrice, type QuoteVariant } from './select-price.ts';
import { DomainError } from '../../shared/errors.ts';
import { fromDecimalString, toDecimalString } from '../../shared/money.ts';

// What the storefront shows for a package's prices, in the viewer's currency. The same
// choosePrice the quote uses decides which row applies and how it converts, so a price shown
// here is the price charged.

export interface PriceChoice {
  name: string;
  type: PriceType;
  intervalCount: number | null;
  period: Period | null;
  /** 4-decimal strings in the order currency (converted when the package has no own row). */
  amount: string;
  setupFee: string;
  renewalAmount: string | null;
  converted: boolean;
}

/** Every pricing option orderable in the currency, one per name, in the package's order. */
export function priceChoices(prices: readonly QuotePrice[], order: OrderCurrency, defaultCurrency: string): PriceChoice[] {
  const names = [...new Set(prices.map((p) => p.name))];
  return names.flatMap((name) => {
    const chosen = tryChoose(prices, name, order, defaultCurrency);
    if (!chosen) return [];
    const { row, convert } = chosen;
    const units = (v: string) => toDecimalString(convert(fromDecimalString(v)));
    return [
      {
        name,
        type: row.type,
        intervalCount: row.intervalCount,
        period: row.period,
        amount: units(row.price),
        setupFee: units(row.setupFee),
        renewalAmount: row.renewalPrice === null ? null : units(row.renewalPrice),
        converted: chosen.converted,
      },
    ];
  });
}

function tryChoose(prices: readonly QuotePrice[], name: string, order: OrderCurrency, defaultCurrency: string) {
  try {
    return choosePrice(prices, name, order, defaultCurrency);
  } catch (err) {
    if (err instanceof DomainError) return null;
    throw err;
  }
}

/** An option's price and setup fee with a pricing option, or null when it is not offered with it. */
export function optionAmounts(
  option: QuoteVariant['option'],
  priceName: string,
  prices: readonly QuotePrice[],
  order: OrderCurrency,
  defaultCurrency: string,
): { price: string; setupFee: string } | null {
  const chosen = tryChoose(prices, priceName, order, defaultCurrency);
  if (!chosen) return null;
  try {
    const a = variantAmounts({ groupId: 0, groupName: '', option }, chosen);
    return { price: toDecimalString(a.price), setupFee: toDecimalString(a.setupFee) };
  } catch (err) {
    if (err instanceof DomainError) return null;
    throw err;
  }
}

/** How an option group is chosen (its type and settings), as the catalog keeps it. */
export interface OptionGroupSettings {
  type?: OptionType;
  display?: string;
  minQuantity?: number;
  maxQuantity?: number;
  pattern?: string;
}

export interface OptionGroupAmounts extends OptionGroupSettings {
  id: number;
  name: string;
  /** Each option's price and setup fee with every pricing option it is offered with. */
  options: { id: number; name: string; amounts: { priceName: string; price: string; setupFee: string }[] }[];
}

/** A package's option groups with each option's amounts for every pricing option shown (`choices`). */
export function optionGroupAmounts(
  groups: readonly (OptionGroupSettings & { id: number; name: string; options: readonly (QuoteVariant['option'] & { name: string })[] })[],
  prices: readonly QuotePrice[],
  choices: readonly PriceChoice[],
  order: OrderCurrency,
  defaultCurrency: string,
): OptionGroupAmounts[] {
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    type: g.type,
    display: g.display,
    minQuantity: g.minQuantity,
    maxQuantity: g.maxQuantity,
    pattern: g.pattern,
    options: g.options.map((o) => ({
      id: o.id,
      name: o.name,
      amounts: choices.flatMap((p) => {
        const a = optionAmounts(o, p.name, prices, order, defaultCurrency);
        return a ? [{ priceName: p.name, ...a }] : [];
      }),
    })),
  }));
}

// A term's length in 1/48 days, so day, week, month (365.25 / 12 days) and year compare as
// whole numbers: rates are compared by cross-multiplying, never by dividing into a float.
const PERIOD_48THS: Record<Period, bigint> = { day: 48n, week: 336n, month: 1461n, year: 17_532n };

/**
 * The "from" price of a store card: a free option if there is one; else the recurring option
 * with the lowest rate per day (shown at its own amount and term); else the cheapest one-time.
 * NOTE: the rate decides, not the amount, so $100/year beats $10/month; setup fees are left out.
 */
export function lowestChoice(choices: readonly PriceChoice[]): PriceChoice | null {
  const free = choices.find((c) => c.type === 'free');
  if (free) return free;
  const recurring = choices.filter((c) => c.type === 'recurring' && c.period && c.intervalCount);
  const length = (c: PriceChoice) => BigInt(c.intervalCount!) * PERIOD_48THS[c.period!];
  if (recurring.length)
    return recurring.reduce((best, c) =>
      fromDecimalString(c.amount) * length(best) < fromDecimalString(best.amount) * length(c) ? c : best,
    );
  const once = choices.filter((c) => c.type === 'onetime');
  return once.length ? once.reduce((best, c) => (fromDecimalString(c.amount) < fromDecimalString(best.amount) ? c : best)) : null;
}

/** "month", "3 months", "year". */
export function termLabel(intervalCount: number | null, period: Period | null): string {
  if (!period) return '';
  return intervalCount && intervalCount > 1 ? `${intervalCount} ${period}s` : period;
}
