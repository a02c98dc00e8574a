import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { normalizeCode } from '../coupons/rules/coupon-terms.ts';
import { DomainError } from '../shared/errors.ts';
import { sha256 } from '../shared/tokens.ts';
import { loadCart, type CartView } from './load-cart.ts';

/**
 * Enters a coupon code on the cart (blank removes it). The code is kept only when it applies to
 * the cart as it is now; otherwise the cart keeps the code it had, and comes back priced with that
 * one (what checkout will charge), the refused code as typed and the sentence why.
 */
export async function setCartCoupon(
  em: EntityManager,
  input: { token: string | undefined; clientId: number | null; code: unknown },
  now: Date,
): Promise<CartView> {
  const code = typeof input.code === 'string' ? normalizeCode(input.code).slice(0, 60) : '';
  const tried = await loadCart(em, input.token, input.clientId, now, { couponCode: code });
  if (!tried.id) throw new DomainError('Your cart is empty.', 'couponCode');
  if (!code || (tried.coupon && !tried.errors.couponCode)) {
    await db(em)
      .updateTable('cart')
      .set({ coupon_code: code || null, updated_at: now })
      .where('token_hash', '=', sha256(input.token ?? ''))
      .execute();
    return tried;
  }
  const kept = await loadCart(em, input.token, input.clientId, now);
  return { ...kept, couponCode: code, errors: { ...kept.errors, couponCode: tried.errors.couponCode ?? 'That code is not valid.' } };
}
