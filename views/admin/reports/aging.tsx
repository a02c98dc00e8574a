import type { AgingReport } from '../../../src/modules/reports/report-aging.ts';
import { figure } from '../../components/money.ts';
import { CURRENCY_FIELD, HeadRow, ReportPage, ReportResults, type ReportPageProps, type ReportFilterValues } from './filters.tsx';

export type AgingPageProps = Omit<ReportPageProps, 'values' | 'errors'> & { report: AgingReport | null; currency: string; error?: string };

/** The table of outstanding balances: one row per currency, age bucket and client, the totals per bucket below. */
export function AgingResults(props: { report: AgingReport | null; values: ReportFilterValues }) {
  const { report } = props;
  if (!report) return <div id="aging-results" />;
  return (
    <ReportResults
      id="aging-results"
      period={`Unpaid invoices past their due date as of ${report.asOf}`}
      csv="/admin/reports/aging.csv"
      values={props.values}
      empty={report.rows.length === 0 && 'Nothing is overdue.'}
    >
      <div class="table-wrap">
        <table class="table">
          <thead>
            <HeadRow cells={['Currency', 'Days past due', 'Client', 'Invoices', 'Amount due']} numFrom={3} />
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
                <td class="num">{figure(r.due)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {report.totals.map((t) => (
              <tr>
                <th colspan={4}>
                  Total {t.currency} {t.bucket} days
                </th>
                <td class="num">{figure(t.due)}</td>
              </tr>
            ))}
          </tfoot>
        </table>
      </div>
    </ReportResults>
  );
}

/** Outstanding balances by age, filtered by currency; the filter swaps the results with htmx and works as a plain form too. */
export function AgingPage(props: AgingPageProps) {
  const values = { currency: props.currency };
  return (
    <ReportPage
      {...props}
      title="Outstanding balances by age"
      intro="What clients owe on unpaid invoices past their due date, by how many days late, per currency and client."
      action="/admin/reports/aging"
      target="aging-results"
      fields={[CURRENCY_FIELD]}
      values={values}
      errors={{ currency: props.error }}
    >
      <AgingResults report={props.report} values={values} />
    </ReportPage>
  );
}
