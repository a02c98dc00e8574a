import type { AgingReport } from '../../../src/modules/reports/report-aging.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Field } from '../../components/form.tsx';

export type AgingPageProps = PageProps & { report: AgingReport | null; currency: string; error?: string };

/** The table of outstanding balances: one row per currency, age bucket and client, the totals per bucket below. */
export function AgingResults(props: { report: AgingReport | null; currency: string }) {
  const { report } = props;
  if (!report) return <div id="aging-results" />;
  const qs = props.currency ? `?currency=${encodeURIComponent(props.currency)}` : '';
  return (
    <div id="aging-results">
      <p>
        Unpaid invoices past their due date as of {report.asOf}. <a href={`/admin/reports/aging.csv${qs}`}>Download CSV</a>
      </p>
      {report.rows.length === 0 ? (
        <p class="muted">Nothing is overdue.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Currency</th>
              <th>Days past due</th>
              <th>Client</th>
              <th class="num">Invoices</th>
              <th class="num">Amount due</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr>
                <td>{r.currency}</td>
                <td>{r.bucket}</td>
                <td>
                  <a href={`/admin/clients/${r.clientId}`}>{r.clientName}</a>
                </td>
                <td class="num">{r.invoices}</td>
                <td class="num">{r.due}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {report.totals.map((t) => (
              <tr>
                <th colspan={4}>
                  Total {t.currency} {t.bucket} days
                </th>
                <td class="num">{t.due}</td>
              </tr>
            ))}
          </tfoot>
        </table>
      )}
    </div>
  );
}

/** Outstanding balances by age, filtered by currency; the filter swaps the results with htmx and works as a plain form too. */
export function AgingPage(props: AgingPageProps) {
  return (
    <AdminLayout
      title="Outstanding balances by age"
      active="reports"
      staff={props.staff}
      csrfToken={props.csrfToken}
      flash={props.flash}
      inbox={props.inbox}
    >
      <h1>Outstanding balances by age</h1>
      <form
        method="get"
        action="/admin/reports/aging"
        hx-get="/admin/reports/aging"
        hx-target="#aging-results"
        hx-select="#aging-results"
        hx-swap="outerHTML"
        hx-push-url="true"
      >
        <Field
          name="currency"
          label="Currency"
          value={props.currency}
          error={props.error}
          hint="Leave empty for every currency."
          maxlength={3}
        />
        <button type="submit">Show</button>
      </form>
      <AgingResults report={props.report} currency={props.currency} />
    </AdminLayout>
  );
}
