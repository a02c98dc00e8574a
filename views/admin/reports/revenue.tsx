import type { RevenueReport } from '../../../src/modules/reports/report-revenue.ts';
import { Chart } from '../../components/chart.tsx';
import { figure } from '../../components/money.ts';
import {
  CURRENCY_FIELD,
  HeadRow,
  MONTH_FIELDS,
  plot,
  ReportPage,
  ReportResults,
  type ReportPageProps,
  type ReportFilterValues,
} from './filters.tsx';

/** The chart of revenue per month and currency over the table of months and packages, with totals. */
export function RevenueResults(props: { report: RevenueReport | null; values: ReportFilterValues }) {
  const { report } = props;
  if (!report) return <div id="revenue-results" />;
  return (
    <ReportResults
      id="revenue-results"
      period={`${report.range.from} to ${report.range.to}`}
      csv="/admin/reports/revenue.csv"
      values={props.values}
      empty={report.rows.length === 0 && 'Nothing was received in these months.'}
    >
      <div class="card">
        <Chart
          id="chart-revenue-report"
          title="Revenue received per month"
          kind="bars"
          labels={report.range.months}
          series={report.byMonth.map((r) => ({
            label: r.currency,
            values: r.amounts.map(plot),
            text: r.amounts.map((a) => `${figure(a)} ${r.currency}`),
          }))}
        />
      </div>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <HeadRow cells={['Currency', 'Month', 'Package', 'Lines', 'Amount']} numFrom={3} />
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr>
                <td>{r.currency}</td>
                <td>{r.month}</td>
                <td>{r.packageId ? <a href={`/admin/packages/${r.packageId}`}>{r.label}</a> : r.label}</td>
                <td class="num">{r.lines}</td>
                <td class="num">{figure(r.amount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {[
              ...report.totals.map((t) => ({ label: `Total ${t.currency} ${t.label}`, amount: t.amount })),
              ...report.grandTotals.map((t) => ({ label: `Total ${t.currency}`, amount: t.amount })),
            ].map((t) => (
              <tr>
                <th colspan={4}>{t.label}</th>
                <td class="num">{figure(t.amount)}</td>
              </tr>
            ))}
          </tfoot>
        </table>
      </div>
    </ReportResults>
  );
}

/** Revenue by month and package, filtered by months and currency. */
export function RevenuePage(props: ReportPageProps & { report: RevenueReport | null }) {
  return (
    <ReportPage
      {...props}
      title="Revenue by month and package"
      intro={`Money received, before tax: the lines of invoices paid in each month (account credit applied to them included), under the package each line's service had when the
        invoice was paid (a later package change does not move it), a new order's lines under the package ordered; other lines (a fee added by hand, say) are under "Other". Refunds are taken off in the month their credit note was issued, net of the tax share of their invoice. Invoiced but unpaid amounts are not revenue here.`}
      action="/admin/reports/revenue"
      target="revenue-results"
      fields={[...MONTH_FIELDS, CURRENCY_FIELD]}
    >
      <RevenueResults report={props.report} values={props.values} />
    </ReportPage>
  );
}
