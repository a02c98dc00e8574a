import type { MrrReport } from '../../../src/modules/reports/report-mrr.ts';
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

/** Per currency: a chart of MRR at each month's end and net new MRR, then the month-by-month table. */
export function MrrResults(props: { report: MrrReport | null; values: ReportFilterValues }) {
  const { report } = props;
  if (!report) return <div id="mrr-results" />;
  return (
    <ReportResults
      id="mrr-results"
      period={`${report.range.from} to ${report.range.to}`}
      csv="/admin/reports/mrr.csv"
      values={props.values}
      empty={report.rows.length === 0 && 'No recurring services in these months.'}
    >
      {report.currencies.map((cur) => {
        const rows = report.rows.filter((r) => r.currency === cur);
        return (
          <section>
            <h2>{cur}</h2>
            <div class="card">
              <Chart
                id={`chart-mrr-${cur}`}
                title={`MRR and net new MRR, ${cur}`}
                labels={rows.map((r) => r.month)}
                unit={cur}
                series={[
                  { label: 'MRR at end', values: rows.map((r) => plot(r.end)), text: rows.map((r) => figure(r.end)) },
                  { label: 'Net new MRR', values: rows.map((r) => plot(r.net)), text: rows.map((r) => figure(r.net)) },
                ]}
              />
            </div>
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <HeadRow cells={['Month', 'MRR at start', 'New', 'Churned', 'Net new', 'MRR at end', 'Churn rate']} numFrom={1} />
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr>
                      <td>{r.month}</td>
                      {[...[r.start, r.added, r.churned, r.net, r.end].map(figure), r.churnRate === null ? '—' : `${r.churnRate}%`].map(
                        (v) => (
                          <td class="num">{v}</td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </ReportResults>
  );
}

/** MRR, churn and net new MRR per month, filtered by months and currency. */
export function MrrPage(props: ReportPageProps & { report: MrrReport | null }) {
  return (
    <ReportPage
      {...props}
      title="MRR and churn"
      intro={`Monthly recurring revenue as on the admin home: what running services renew for, each term as a month's share (a year is 12 months). MRR at start is what ran just
        before the month began; new is services started during the month, churned is services cancelled or terminated during it; net new = MRR at end − MRR at start. Churn rate =
        churned ÷ MRR at start. A package change rewrites a service's price, so each service counts at its current price throughout: expansion and contraction from package changes are
        not shown apart.`}
      action="/admin/reports/mrr"
      target="mrr-results"
      fields={[...MONTH_FIELDS, CURRENCY_FIELD]}
    >
      <MrrResults report={props.report} values={props.values} />
    </ReportPage>
  );
}
