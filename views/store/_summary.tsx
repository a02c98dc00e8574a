import type { Quote } from '../../src/modules/pricing/rules/quote.ts';
import { lineMoney, money } from '../components/money.ts';
import { TotalsFoot } from '../components/totals-foot.tsx';

// The price summary of a package page: exactly the lines, totals and renewal date of the quote
// checkout will charge. The page renders it, and the quote route swaps it as the choices change.

export function OrderSummary(props: { quote: Quote | null; currency: { code: string; minorUnits: number }; message?: string }) {
  const q = props.quote;
  const m = (v: string) => money(v, props.currency.code, props.currency.minorUnits);
  return (
    <section id="summary" class="summary" aria-labelledby="summary-title" aria-live="polite">
      <h3 id="summary-title">Price summary</h3>
      {!q ? (
        <p class="muted">{props.message ?? 'Fix the choices above to see the price.'}</p>
      ) : (
        <>
          <table class="table compact summary-lines">
            <caption class="sr-only">What the first invoice holds</caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" class="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {q.lines.map((l) => (
                <tr class={`line-${l.kind}`}>
                  <td>
                    {l.description}
                    {l.quantity > 1 && <span class="muted small"> ({lineMoney(l.unitAmount, q.currency)} × {l.quantity})</span>}
                  </td>
                  <td class="num nowrap">{lineMoney(l.amount, q.currency)}</td>
                </tr>
              ))}
            </tbody>
            <TotalsFoot totals={q} currency={props.currency.code} minorUnits={props.currency.minorUnits} totalLabel="Total due today" totalId="summary-total" />
          </table>
          <p class="muted small" id="summary-renewal">
            {q.firstRenewalDate
              ? `First renewal on ${q.firstRenewalDate}${q.renewalAmount ? `, for ${m(q.renewalAmount)} before tax` : ''}.`
              : q.lines.every((l) => l.amount === '0.0000')
                ? 'Free: nothing to pay, now or later.'
                : 'A one-time payment: it does not renew.'}
          </p>
        </>
      )}
    </section>
  );
}
