import type { AppliedCoupon } from '../../src/modules/coupons/price-with-coupon.ts';
import { money } from './money.ts';
import { t, tm } from '../../src/i18n/locale.ts';

// The coupon code box of the package page, the cart and the change-package form. Its Apply
// button re-prices through the same route the live summary uses (htmx), or posts the form to it
// without JavaScript; the route sends this box back (out of band on the package page) with the
// code's sentence under it.

export function CouponField(props: {
  code: string;
  error?: string;
  coupon: AppliedCoupon | null;
  currency: { code: string; minorUnits: number };
  /** Where Apply posts: the page's quote route, or the cart's coupon route. */
  action: string;
  /** What htmx swaps with the answer. */
  target: string;
  oob?: boolean;
}) {
  const describedBy = [props.error ? 'coupon-error' : '', props.coupon ? 'coupon-applied' : ''].join(' ').trim() || undefined;
  return (
    <div id="coupon" class={`field coupon${props.error ? ' has-error' : ''}`} hx-swap-oob={props.oob ? 'true' : undefined}>
      <label for="f-couponCode">{t('store:coupon.label')}</label>
      <div class="coupon-row">
        <input
          id="f-couponCode"
          name="couponCode"
          value={props.code}
          maxlength={40}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy}
        />
        <button
          type="submit"
          class="small"
          id="apply-coupon"
          formaction={props.action}
          hx-post={props.action}
          hx-target={props.target}
          hx-swap="outerHTML"
        >
          {t('store:coupon.apply')}
        </button>
      </div>
      {props.error && (
        <p class="error" id="coupon-error" role="alert">
          {tm(props.error)}
        </p>
      )}
      {/* NOTE: with a refusal too: in the cart, a code refused leaves the one applied before in place, and says so. */}
      {props.coupon && (
        <p class="ok small" id="coupon-applied" role="status">
          {t(props.error ? 'store:coupon.stillApplied' : 'store:coupon.applied', {
            code: props.coupon.code,
            amount: money(props.coupon.discount.replace(/^-/, ''), props.currency.code, props.currency.minorUnits),
          })}
        </p>
      )}
    </div>
  );
}
