import type { Quote } from '../../src/modules/pricing/rules/quote.ts';
import type { OrderQuote } from '../../src/modules/orders/quote-lines.ts';
import type { AppliedCoupon } from '../../src/modules/coupons/price-with-coupon.ts';
import { ChargesTable } from '../components/charges-table.tsx';
import { date, money } from '../components/money.ts';
import { fromDecimalString, toDecimalString } from '../../src/modules/shared/money.ts';
import { t } from '../../src/i18n/locale.ts';

// The price summary of a package page: exactly the lines, totals and renewal date of the quote
// checkout will charge. The page renders it, and the quote route swaps it as the choices change.

/** What the coupon does for renewals, after the renewal sentence; nothing when it is for the first invoice only. */
function couponRenewals(coupon: AppliedCoupon | null | undefined): string {
  if (!coupon || coupon.renewalCycles === 0) return '';
  if (coupon.renewalCycles === null) return ` ${t('store:summary.couponEveryRenewal', { code: coupon.code })}`;
  return ` ${t('store:summary.couponNextRenewals', { code: coupon.code, count: coupon.renewalCycles })}`;
}

/**
 * What the order renews for at its first renewal: the package's renewal and its add-ons' (billed
 * on the same invoices, on the same day), or the package's alone when no add-on is ticked.
 */
function renewalOf(q: Quote, order: OrderQuote | null | undefined): string | null {
  if (!order || q.renewalAmount === null) return q.renewalAmount;
  const together = order.lines
    .map((l) => l.quote)
    .filter((l) => l.renewalAmount !== null && l.firstRenewalDate === q.firstRenewalDate)
    .reduce((sum, l) => sum + fromDecimalString(l.renewalAmount!), 0n);
  return toDecimalString(together);
}

export function OrderSummary(props: {
  quote: Quote | null;
  order?: OrderQuote | null;
  currency: { code: string; minorUnits: number };
  message?: string;
  coupon?: AppliedCoupon | null;
}) {
  const q = props.quote;
  const m = (v: string) => money(v, props.currency.code, props.currency.minorUnits);
  const renewal = q && renewalOf(q, props.order);
  return (
    <section id="summary" class="summary" aria-labelledby="summary-title" aria-live="polite">
      <h3 id="summary-title">{t('store:summary.title')}</h3>
      {!q ? (
        <p class="muted">{props.message ?? t('store:summary.fixChoices')}</p>
      ) : (
        <>
          {/* With add-ons ticked: every line of the order, totalled once as its one invoice. */}
          <ChargesTable
            caption={t('store:summary.firstInvoice')}
            heading={t('store:summary.item')}
            charges={props.order?.charges ?? q.lines}
            currency={q.currency}
            minorUnits={props.currency.minorUnits}
            totals={props.order ?? q}
            totalLabel={t('store:summary.totalDueToday')}
            totalId="summary-total"
          />
          <p class="muted small" id="summary-renewal">
            {q.firstRenewalDate
              ? `${renewal ? t('store:summary.firstRenewalFor', { date: date(q.firstRenewalDate), amount: m(renewal) }) : t('store:summary.firstRenewal', { date: date(q.firstRenewalDate) })}${couponRenewals(props.coupon)}`
              : q.lines.every((l) => l.amount === '0.0000')
                ? t('store:summary.free')
                : t('store:summary.oneTime')}
          </p>
        </>
      )}
    </section>
  );
}
