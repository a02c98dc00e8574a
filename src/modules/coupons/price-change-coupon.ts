import type { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarDate } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import type { Units } from '../shared/money.ts';
import { appliedCoupon, COUPON_FIELD, findUsableCoupon, type AppliedCoupon } from './find-usable-coupon.ts';
import { discountLabel, unitDiscount } from './rules/discount.ts';
import type { LineWords } from '../pricing/rules/line-words.ts';

/**
 * A coupon entered on a package change (one marked for changes, for the target package): its
 * discount on the charge for the new package's days, before tax; the credit for the old one is
 * left whole.
 */
export async function priceChangeCoupon(
  em: EntityManager,
  code: string,
  change: {
    clientId: number;
    packageId: number;
    packageName: string;
    currency: string;
    today: CalendarDate;
    charge: Units;
    words?: LineWords;
  },
): Promise<{ coupon: AppliedCoupon; discount: { description: string; amount: Units } }> {
  const coupon = await findUsableCoupon(em, code, {
    today: change.today,
    purpose: 'change',
    currency: change.currency,
    packageIds: [change.packageId],
    clientId: change.clientId,
  });
  const off = unitDiscount(coupon, change.charge, change.currency) ?? 0n;
  if (off === 0n) throw new DomainError('That code takes nothing off this change.', COUPON_FIELD);
  return {
    coupon: appliedCoupon(coupon, -off),
    discount: { description: discountLabel(coupon, change.currency, change.packageName, change.words), amount: -off },
  };
}
