import type { Quote } from '../../src/modules/pricing/rules/quote.ts';
import type { OrderQuote } from '../../src/modules/orders/quote-lines.ts';
import type { AppliedCoupon } from '../../src/modules/coupons/price-with-coupon.ts';
import { ChargesTable } from '../components/charges-table.tsx';
import { money } from '../components/money.ts';

// The price summary of a package page: exactly the lines, totals and renewal date of the quote
// checkout will charge. The page renders it, and the quote route swaps it as the choices change.

/** What the coupon does for renewals, after the renewal sentence; nothing when it is for the first invoice only. */
function couponRenewals(coupon: AppliedCoupon | null | undefined): string {
  if (!coupon || coupon.renewalCycles === 0) return '';
  if (coupon.renewalCycles === null) return ` ${coupon.code} takes its discount off every renewal too.`;
  return ` ${coupon.code} takes its discount off the next ${coupon.renewalCycles === 1 ? 'renewal' : `${coupon.renewalCycles} renewals`} too.`;
}

export function OrderSummary(props: { quote: Quote | null; order?: OrderQuote | null; currency: { code: string; minorUnits: number }; message?: string; coupon?: AppliedCoupon | null }) {
  const q = props.quote;
  const m = (v: string) => money(v, props.currency.code, props.currency.minorUnits);
  return (
    <section id="summary" class="summary" aria-labelledby="summary-title" aria-live="polite">
      <h3 id="summary-title">Price summary</h3>
      {!q ? (
        <p class="muted">{props.message ?? 'Fix the choices above to see the price.'}</p>
      ) : (
        <>
          {/* With add-ons ticked: every line of the order, totalled once as its one invoice. */}
          <ChargesTable caption="What the first invoice holds" charges={props.order?.charges ?? q.lines} currency={q.currency} minorUnits={props.currency.minorUnits} totals={props.order ?? q} totalLabel="Total due today" totalId="summary-total" />
          <p class="muted small" id="summary-renewal">
            {q.firstRenewalDate
              ? `First renewal on ${q.firstRenewalDate}${q.renewalAmount ? `, for ${m(q.renewalAmount)} before tax` : ''}.${couponRenewals(props.coupon)}`
              : q.lines.every((l) => l.amount === '0.0000')
                ? 'Free: nothing to pay, now or later.'
                : 'A one-time payment: it does not renew.'}
          </p>
        </>
      )}
    </section>
  );
}
