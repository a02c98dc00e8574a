import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../shared/errors.ts';
import { countClientUses } from './count-client-uses.ts';
import { loadCoupons, type LoadedCoupon } from './load-coupons.ts';
import { couponProblem, normalizeCode, renewalCyclesAfterFirst, type CouponRequest } from './rules/coupon-terms.ts';
import { toDecimalString, type Units } from '../shared/money.ts';

/** The field a coupon's refusal is shown next to. */
export const COUPON_FIELD = 'couponCode';

/** The coupon an order (or change) was priced with, as its confirmation claims it. */
export interface AppliedCoupon {
  id: number;
  code: string;
  maxUsesPerClient: number | null;
  /** What it takes off, before tax (4 decimals, negative). */
  discount: string;
  /** How many renewals it also discounts (null: every one). */
  renewalCycles: number | null;
}

export function appliedCoupon(coupon: LoadedCoupon, off: Units): AppliedCoupon {
  return {
    id: coupon.id,
    code: coupon.code,
    maxUsesPerClient: coupon.maxUsesPerClient,
    discount: toDecimalString(off),
    renewalCycles: renewalCyclesAfterFirst(coupon.duration, coupon.cycles),
  };
}

/**
 * The coupon a client typed, when it may be used for this order or change; otherwise the sentence
 * for the code field, as a refusal (never a silent full price).
 */
export async function findUsableCoupon(
  em: EntityManager,
  code: string,
  req: Omit<CouponRequest, 'clientUses'> & { clientId: number },
): Promise<LoadedCoupon> {
  const normalized = normalizeCode(code);
  if (normalized.length > 40) throw new DomainError('That code is not valid.', COUPON_FIELD);
  const coupon = normalized ? ((await loadCoupons(em, { code: normalized }))[0] ?? null) : null;
  const clientUses = coupon?.maxUsesPerClient != null ? await countClientUses(em, coupon.id, req.clientId) : 0;
  const problem = couponProblem(coupon, { ...req, clientUses });
  if (problem || !coupon) throw new DomainError(problem ?? 'That code is not valid.', COUPON_FIELD);
  return coupon;
}
