import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrderQuote } from '../orders/quote-lines.ts';
import type { Quote } from '../pricing/rules/quote.ts';
import { invoiceTotals } from '../pricing/rules/tax.ts';
import { storeCurrencies } from '../settings/store-currencies.ts';
import type { CalendarDate } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { appliedCoupon, COUPON_FIELD, findUsableCoupon, type AppliedCoupon } from './find-usable-coupon.ts';
import type { CouponPurpose } from './rules/coupon-terms.ts';
import { discountItems } from './rules/discount.ts';
import { lineWords } from '../pricing/rules/line-words.ts';

export { COUPON_FIELD, type AppliedCoupon } from './find-usable-coupon.ts';

/** A line's own quote with its discount line and its totals again (what the API shows per line). */
function withDiscount(quote: Quote, discount: Quote['lines'][number] | null, minorUnits: number): Quote {
  if (!discount) return quote;
  const lines = [...quote.lines, discount];
  const totals = invoiceTotals(
    lines.map((l) => ({ amount: fromDecimalString(l.amount), taxable: l.taxable })),
    quote.taxRate,
    minorUnits,
  );
  return {
    ...quote,
    lines,
    subtotal: toDecimalString(totals.subtotal),
    tax: toDecimalString(totals.tax),
    total: toDecimalString(totals.total),
  };
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
  const coupon = await findUsableCoupon(em, input.code, {
    today: input.today,
    purpose: input.purpose ?? 'order',
    currency: priced.currency,
    packageIds: priced.lines.map((l) => l.pkg.id),
    clientId: input.clientId,
  });
  const minorUnits = (await storeCurrencies(em)).find((c) => c.code === priced.currency)?.minorUnits ?? 2;
  const items = priced.lines.map((l) => ({ packageId: l.pkg.id, name: l.pkg.name, quantity: l.quantity, lines: l.quote.lines }));
  const { discounts, charges, totals } = discountItems(
    coupon,
    items,
    priced.currency,
    priced.taxRate,
    minorUnits,
    lineWords(priced.language),
  );
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
    coupon: appliedCoupon(coupon, off),
  };
}
