import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrderQuote } from '../orders/quote-lines.ts';
import type { Quote } from '../pricing/rules/quote.ts';
import { invoiceTotals } from '../pricing/rules/tax.ts';
import { storeCurrencies } from '../settings/store-currencies.ts';
import type { CalendarDate } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { countClientUses } from './count-client-uses.ts';
import { loadCoupons, type LoadedCoupon } from './load-coupons.ts';
import { couponProblem, normalizeCode, renewalCyclesAfterFirst, type CouponPurpose } from './rules/coupon-terms.ts';
import { discountItems } from './rules/discount.ts';

/** The coupon an order was priced with, as checkout claims it. */
export interface AppliedCoupon {
  id: number;
  code: string;
  maxUsesPerClient: number | null;
  /** What it takes off the order, before tax (4 decimals, negative). */
  discount: string;
  /** How many renewals it also discounts (null: every one). */
  renewalCycles: number | null;
}

/** The field a coupon's refusal is shown next to. */
export const COUPON_FIELD = 'couponCode';

/** A line's own quote with its discount line and its totals again (what the API shows per line). */
function withDiscount(quote: Quote, discount: Quote['lines'][number] | null, minorUnits: number): Quote {
  if (!discount) return quote;
  const lines = [...quote.lines, discount];
  const totals = invoiceTotals(lines.map((l) => ({ amount: fromDecimalString(l.amount), taxable: l.taxable })), quote.taxRate, minorUnits);
  return { ...quote, lines, subtotal: toDecimalString(totals.subtotal), tax: toDecimalString(totals.tax), total: toDecimalString(totals.total) };
}

/**
 * An order's quote with a coupon: a negative line under each item it applies to, and the totals
 * again (tax on the discounted taxable subtotal). A code that cannot be used is refused with the
 * sentence for the code field; never a silent full price.
 */
export async function priceWithCoupon(
  em: EntityManager,
  priced: OrderQuote,
  input: { code: string; clientId: number; today: CalendarDate; purpose?: CouponPurpose },
): Promise<{ priced: OrderQuote; coupon: AppliedCoupon }> {
  const code = normalizeCode(input.code);
  if (code.length > 40) throw new DomainError('That code is not valid.', COUPON_FIELD);
  const coupon: LoadedCoupon | null = code ? ((await loadCoupons(em, { code }))[0] ?? null) : null;
  const clientUses = coupon?.maxUsesPerClient != null ? await countClientUses(em, coupon.id, input.clientId) : 0;
  const problem = couponProblem(coupon, { today: input.today, purpose: input.purpose ?? 'order', currency: priced.currency, packageIds: priced.lines.map((l) => l.pkg.id), clientUses });
  if (problem || !coupon) throw new DomainError(problem ?? 'That code is not valid.', COUPON_FIELD);
  const minorUnits = (await storeCurrencies(em)).find((c) => c.code === priced.currency)?.minorUnits ?? 2;
  const items = priced.lines.map((l) => ({ packageId: l.pkg.id, name: l.pkg.name, quantity: l.quantity, lines: l.quote.lines }));
  const { discounts, charges, totals } = discountItems(coupon, items, priced.currency, priced.taxRate, minorUnits);
  const off = discounts.reduce((n, d) => n + (d ? fromDecimalString(d.amount) : 0n), 0n);
  if (off === 0n) throw new DomainError('That code takes nothing off what you are ordering.', COUPON_FIELD);
  return {
    priced: {
      ...priced,
      lines: priced.lines.map((l, i) => ({ ...l, quote: withDiscount(l.quote, discounts[i] ?? null, minorUnits) })),
      charges,
      subtotal: toDecimalString(totals.subtotal),
      tax: toDecimalString(totals.tax),
      total: toDecimalString(totals.total),
    },
    coupon: { id: coupon.id, code: coupon.code, maxUsesPerClient: coupon.maxUsesPerClient, discount: toDecimalString(off), renewalCycles: renewalCyclesAfterFirst(coupon.duration, coupon.cycles) },
  };
}
