import type { CalendarDate } from '../../shared/dates.ts';

// Who may use a coupon, and when (DOMAIN.md "Coupons"). Pure: today, the uses counted and what
// is ordered are passed in; the answer is the sentence shown next to the code field, or null.

export const COUPON_KINDS = ['percent', 'fixed'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];

/** `once`: the first invoice only; `cycles`: N invoices, the first counting as one; `forever`. */
export const COUPON_DURATIONS = ['once', 'cycles', 'forever'] as const;
export type CouponDuration = (typeof COUPON_DURATIONS)[number];

export const COUPON_USE_STATUSES = ['live', 'released'] as const;
export type CouponUseStatus = (typeof COUPON_USE_STATUSES)[number];

/** What a discount is: the part the discount rules read. */
export interface CouponTerms {
  code: string;
  kind: CouponKind;
  /** "15.5000" for 15.5%; null for a fixed coupon. */
  percent: string | null;
  /** A fixed coupon's amount by currency ("5.0000"). */
  amounts: Readonly<Record<string, string>>;
  /** The packages it applies to; empty: all of them. */
  packageIds: readonly number[];
}

export interface CouponRules extends CouponTerms {
  active: boolean;
  forOrders: boolean;
  forChanges: boolean;
  startsOn: CalendarDate | null;
  endsOn: CalendarDate | null;
  maxUses: number | null;
  maxUsesPerClient: number | null;
  uses: number;
}

export type CouponPurpose = 'order' | 'change';

export interface CouponRequest {
  today: CalendarDate;
  purpose: CouponPurpose;
  currency: string;
  /** The packages being bought. */
  packageIds: readonly number[];
  /** The client's live uses of this coupon (0 for a visitor). */
  clientUses: number;
}

/** Codes are matched whatever their case: kept and compared upper-case. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

export function appliesToPackage(terms: Pick<CouponTerms, 'packageIds'>, packageId: number): boolean {
  return terms.packageIds.length === 0 || terms.packageIds.includes(packageId);
}

/** Why this coupon cannot be used for this request, or null when it can. */
export function couponProblem(coupon: CouponRules | null, req: CouponRequest): string | null {
  // NOTE: an unknown code and a switched-off one read the same, so codes cannot be probed.
  if (!coupon || !coupon.active) return 'That code is not valid.';
  if (req.purpose === 'order' && !coupon.forOrders) return 'That code is not valid for new orders.';
  if (req.purpose === 'change' && !coupon.forChanges) return 'That code is not valid for package changes.';
  if (coupon.startsOn !== null && req.today < coupon.startsOn) return `That code is valid from ${coupon.startsOn}.`;
  if (coupon.endsOn !== null && req.today > coupon.endsOn) return 'That code has expired.';
  if (coupon.maxUses !== null && coupon.uses >= coupon.maxUses) return 'That code has been used up.';
  if (coupon.maxUsesPerClient !== null && req.clientUses >= coupon.maxUsesPerClient) {
    return coupon.maxUsesPerClient === 1
      ? 'You have already used that code.'
      : `You have already used that code ${coupon.maxUsesPerClient} times.`;
  }
  if (!req.packageIds.some((id) => appliesToPackage(coupon, id))) return 'That code does not apply to what you are ordering.';
  if (coupon.kind === 'fixed' && coupon.amounts[req.currency] === undefined) return `That code gives no discount in ${req.currency}.`;
  return null;
}

/** How many renewals a service keeps the coupon for after its first invoice (null: every one). */
export function renewalCyclesAfterFirst(duration: CouponDuration, cycles: number | null): number | null {
  if (duration === 'forever') return null;
  if (duration === 'once') return 0;
  return Math.max(0, (cycles ?? 1) - 1);
}

/**
 * Where a coupon stands today, as staff's lists show it: switched off, not started yet, past its
 * last day, used up, or usable (for whom and what is couponProblem's question).
 */
export type CouponStanding = 'inactive' | 'scheduled' | 'expired' | 'used-up' | 'active';

export function couponStanding(
  coupon: Pick<CouponRules, 'active' | 'startsOn' | 'endsOn' | 'maxUses' | 'uses'>,
  today: CalendarDate,
): CouponStanding {
  if (!coupon.active) return 'inactive';
  if (coupon.endsOn !== null && today > coupon.endsOn) return 'expired';
  if (coupon.maxUses !== null && coupon.uses >= coupon.maxUses) return 'used-up';
  if (coupon.startsOn !== null && today < coupon.startsOn) return 'scheduled';
  return 'active';
}
