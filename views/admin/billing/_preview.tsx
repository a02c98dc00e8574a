import type { BillingPreview, PreviewAmount } from '../../../src/modules/billing/preview-billing.ts';
import { Field, FormErrors, Notice, type Errors } from '../../components/form.tsx';
import { money } from '../../components/money.ts';

function Amounts(props: { amounts: PreviewAmount[]; field: 'subtotal' | 'total' }) {
  if (!props.amounts.length) return <span class="muted">—</span>;
  return (
    <>
      {props.amounts.map((a) => (
        <div class="nowrap">{money(a[props.field], a.currency, a.minorUnits)}</div>
      ))}
    </>
  );
}

/** The "next N days" preview with its own form: what the days input swaps. */
export function PreviewSection(props: { preview: BillingPreview; days: string | number; errors?: Errors }) {
  const p = props.preview;
  const e = props.errors ?? {};
  const services = p.perDay.reduce((n, d) => n + d.services, 0);
  const periods = p.perDay.reduce((n, d) => n + d.periods, 0);
  return (
    <section id="billing-preview" class="card" aria-labelledby="preview-title">
      <h2 id="preview-title">Next {p.days} days</h2>
      <form
        method="get"
        action="/admin/billing"
        hx-get="/admin/billing/preview"
        hx-target="#billing-preview"
        hx-swap="outerHTML"
        class="row"
        role="search"
      >
        <Field
          name="days"
          label="Days to preview"
          type="number"
          min={1}
          max={90}
          value={props.days}
          error={e.days}
          hint="1 to 90 days, starting today."
          inputmode="numeric"
        />
        <div class="row-actions">
          <button type="submit">Show</button>
        </div>
      </form>
      <FormErrors errors={e} known={['days']} />
      <p class="muted small">
        Invoices are made {p.invoiceDaysBefore} day{p.invoiceDaysBefore === 1 ? '' : 's'} before a period starts (or at the next run if that
        day has passed).{' '}
        {p.groupRenewals ? 'A client’s services due on the same date share one invoice.' : 'Each service gets its own invoice.'} Amounts:
        before tax, and with tax at each client’s current rate; account credit is not deducted. Short terms count every period due in the
        window, assuming each is billed on time.
      </p>
      {p.unbillable.count > 0 && (
        <Notice kind="warn">
          {p.unbillable.count} due service{p.unbillable.count === 1 ? '' : 's'} cannot be billed and will be reported as run failures
          (first:{' '}
          {p.unbillable.first.slice(0, 5).map((u, i) => (
            <>
              {i > 0 && ', '}
              <a href={`/admin/services/${u.serviceId}`}>#{u.serviceId}</a>
            </>
          ))}
          ).
        </Notice>
      )}
      <table class="table compact">
        <caption class="sr-only">
          Invoices per day from {p.from} to {p.to}
        </caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col" class="num">
              Invoices
            </th>
            <th scope="col" class="num">
              Services
            </th>
            <th scope="col">Before tax</th>
            <th scope="col">With tax</th>
          </tr>
        </thead>
        <tbody>
          {p.perDay.map((d) => (
            <tr class={d.invoices ? '' : 'muted'}>
              <td class="nowrap">{d.date}</td>
              <td class="num">{d.invoices}</td>
              <td class="num">
                {d.services}
                {d.periods > d.services && <span class="muted small"> ({d.periods} periods)</span>}
              </td>
              <td>
                <Amounts amounts={d.amounts} field="subtotal" />
              </td>
              <td>
                <Amounts amounts={d.amounts} field="total" />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>
              <strong>Total</strong>
            </td>
            <td class="num">{p.perDay.reduce((n, d) => n + d.invoices, 0)}</td>
            <td class="num">
              {/* A service of a short term billed on two days counts on each, as its rows do. */}
              {services}
              {periods > services && <span class="muted small"> ({periods} periods)</span>}
            </td>
            <td>
              <Amounts amounts={p.totals} field="subtotal" />
            </td>
            <td>
              <Amounts amounts={p.totals} field="total" />
            </td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
