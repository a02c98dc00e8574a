import { fromDecimalString, percentOf, sum, toDecimalString, type Units } from '../../shared/money.ts';
import { QuoteLineKind, type QuoteLine } from '../../pricing/rules/quote.ts';
import { invoiceTotals, type Totals } from '../../pricing/rules/tax.ts';
import { lineWords, type LineWords } from '../../pricing/rules/line-words.ts';
import { appliesToPackage, type CouponTerms } from './coupon-terms.ts';

// What a coupon takes off (DOMAIN.md "Coupons"). Pure.
//
// NOTE (per unit): an item of N units is N services, each renewing with its own discount, so the
// discount is worked out on one unit's amount and multiplied, as the quote's lines are: the
// order's invoice equals N single-service invoices to the unit.
// NOTE (before tax): the discount is its own negative line, taxable when its item is, so the tax
// is computed on the discounted taxable subtotal (invoiceTotals), as EU VAT and Stripe do.
// NOTE (floor): a fixed amount larger than the item takes it to zero, never below.

/** One unit's discount on `unitAmount` (4 decimals), or null when the coupon has no amount in `currency`. */
export function unitDiscount(terms: Pick<CouponTerms, 'kind' | 'percent' | 'amounts'>, unitAmount: Units, currency: string): Units | null {
  if (unitAmount <= 0n) return 0n;
  if (terms.kind === 'percent') return percentOf(unitAmount, terms.percent ?? '0');
  const fixed = terms.amounts[currency];
  if (fixed === undefined) return null;
  const amount = fromDecimalString(fixed);
  return amount < unitAmount ? amount : unitAmount;
}

/** A percentage as people write it: "15.5000" → "15.5", "10.0000" → "10". */
export function percentText(percent: string): string {
  return toDecimalString(fromDecimalString(percent)).replace(/\.?0+$/, '');
}

/** How the discount reads: "Coupon WELCOME10 (10% off)", "Coupon SAVE5 (5.00 USD off)", in the buyer's language. */
export function discountLabel(
  terms: Pick<CouponTerms, 'code' | 'kind' | 'percent' | 'amounts'>,
  currency: string,
  of?: string,
  w: LineWords = lineWords(),
): string {
  const off =
    terms.kind === 'percent'
      ? { percent: percentText(terms.percent ?? '0') }
      : { amount: fromDecimalString(terms.amounts[currency] ?? '0'), currency };
  return w.coupon(terms.code, off, of);
}

export interface DiscountItem {
  packageId: number;
  /** What the discount line names ("VPS Small"). */
  name: string;
  quantity: number;
  /** The item's charges on the invoice (the package, its options, its setup fees). */
  lines: readonly QuoteLine[];
}

/** The negative line for one item, or null when the coupon does not apply to it (or takes nothing off). */
export function itemDiscount(terms: CouponTerms, item: DiscountItem, currency: string, w?: LineWords): QuoteLine | null {
  if (!appliesToPackage(terms, item.packageId) || !item.lines.length) return null;
  const unitTotal = sum(item.lines.map((l) => fromDecimalString(l.unitAmount)));
  const unit = unitDiscount(terms, unitTotal, currency);
  if (unit === null || unit === 0n) return null;
  const quantity = item.quantity;
  return {
    kind: QuoteLineKind.discount,
    description: discountLabel(terms, currency, item.name, w),
    unitAmount: toDecimalString(-unit),
    quantity,
    amount: toDecimalString(-unit * BigInt(quantity)),
    // An item's lines share the package's taxability.
    taxable: item.lines.some((l) => l.taxable),
  };
}

export interface DiscountedItems {
  /** Per item, its discount line or null, in the items' order. */
  discounts: (QuoteLine | null)[];
  /** Every item's lines, each discount right after its item's, with the item's package. */
  charges: (QuoteLine & { packageId: number })[];
  totals: Totals;
}

/** The coupon over every item of an order, and the order's totals with it. */
export function discountItems(
  terms: CouponTerms,
  items: readonly DiscountItem[],
  currency: string,
  taxRate: string | null,
  minorUnits: number,
  w?: LineWords,
): DiscountedItems {
  const discounts = items.map((item) => itemDiscount(terms, item, currency, w));
  const charges = items.flatMap((item, i) =>
    (discounts[i] ? [...item.lines, discounts[i]] : item.lines).map((l) => ({ ...l, packageId: item.packageId })),
  );
  const totals = invoiceTotals(
    charges.map((c) => ({ amount: fromDecimalString(c.amount), taxable: c.taxable })),
    taxRate,
    minorUnits,
  );
  return { discounts, charges, totals };
}

/** The coupon a service renews with, as carried from its order (coupons.entities ServiceCoupon). */
export interface RenewalCoupon {
  code: string;
  kind: CouponTerms['kind'];
  percent: string | null;
  /** A fixed coupon's amount in the service's currency. */
  amount: string | null;
  /** Renewals it still discounts; null: every one. */
  cyclesLeft: number | null;
}

export interface RenewalDiscount {
  periodStart: string;
  /** Negative, 4 decimals. */
  amount: string;
  description: string;
  /** False when this period had the discount already (billed again after a void): no cycle is used twice. */
  usesCycle: boolean;
}

/**
 * The discounts on a service's renewals billed now, in period order: while cycles remain (each
 * period one cycle), and always on a period that was discounted before (`granted`: its invoice
 * voided and billed again), which uses no new cycle.
 */
export function renewalDiscounts(
  coupon: RenewalCoupon,
  renewals: readonly { periodStart: string; amount: string }[],
  granted: ReadonlySet<string>,
  currency: string,
  name: string,
  w?: LineWords,
): RenewalDiscount[] {
  const terms = {
    code: coupon.code,
    kind: coupon.kind,
    percent: coupon.percent,
    amounts: coupon.amount === null ? {} : { [currency]: coupon.amount },
  };
  let left = coupon.cyclesLeft;
  const out: RenewalDiscount[] = [];
  for (const r of renewals) {
    const again = granted.has(r.periodStart);
    if (!again && left !== null && left <= 0) break;
    const unit = unitDiscount(terms, fromDecimalString(r.amount), currency);
    if (!again && left !== null) left--;
    if (unit === null || unit === 0n) continue;
    out.push({
      periodStart: r.periodStart,
      amount: toDecimalString(-unit),
      description: discountLabel(terms, currency, name, w),
      usesCycle: !again,
    });
  }
  return out;
}
