import type { TaxReport } from '../../../src/modules/reports/report-tax.ts';
import { Chart } from '../../components/chart.tsx';
import { figure } from '../../components/money.ts';
import { HeadRow, plot, ReportPage, ReportResults, type ReportPageProps, type ReportFilterValues } from './filters.tsx';

const rateText = (rate: string) => `${rate.replace(/\.?0+$/, '')}%`;

/** Tax per buyer country and rate, per currency, with its chart and totals. */
export function TaxResults(props: { report: TaxReport | null; values: ReportFilterValues }) {
  const { report } = props;
  if (!report) return <div id="tax-results" />;
  return (
    <ReportResults
      id="tax-results"
      period={`${report.range.from} to ${report.range.to}`}
      csv="/admin/reports/tax.csv"
      values={props.values}
      empty={report.rows.length === 0 && 'No invoices or credit notes in this period.'}
    >
      {report.totals.map((t) => {
        const rows = report.rows.filter((r) => r.currency === t.currency);
        return (
          <div class="card">
            <Chart
              id={`chart-tax-${t.currency}`}
              title={`Tax by country and rate, ${t.currency}`}
              kind="bars"
              unit={t.currency}
              labels={rows.map((r) => `${r.country || '—'} ${rateText(r.rate)}`)}
              series={[{ label: 'Tax', values: rows.map((r) => plot(r.tax)), text: rows.map((r) => figure(r.tax)) }]}
            />
          </div>
        );
      })}
      <div class="table-wrap">
        <table class="table">
          <thead>
            <HeadRow cells={['Currency', 'Country', 'Tax', 'Rate', 'Invoices', 'Credit notes', 'Net amount', 'Tax amount']} numFrom={3} />
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr>
                <td>{r.currency}</td>
                <td>{r.country || '—'}</td>
                <td>{r.name}</td>
                {[rateText(r.rate), r.invoices, r.creditNotes, figure(r.net), figure(r.tax)].map((v) => (
                  <td class="num">{v}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            {report.totals.map((t) => (
              <tr>
                <th colspan={4}>Total {t.currency}</th>
                {[t.invoices, t.creditNotes, figure(t.net), figure(t.tax)].map((v) => (
                  <td class="num">{v}</td>
                ))}
              </tr>
            ))}
          </tfoot>
        </table>
      </div>
    </ReportResults>
  );
}

/** Tax collected for a period, filtered by first and last day. */
export function TaxPage(props: ReportPageProps & { report: TaxReport | null }) {
  return (
    <ReportPage
      {...props}
      title="Tax collected"
      intro={`What a VAT return needs, by the buyer's country (as copied onto each invoice when issued) and the rate charged: issued invoices dated in the period, paid or not
        (drafts and void invoices are left out), their net subtotal and tax; less credit notes issued in the period, each split into net and tax in its invoice's proportion.`}
      action="/admin/reports/tax"
      target="tax-results"
      fields={[
        { name: 'from', label: 'From', type: 'date', hint: 'YYYY-MM-DD; both empty for the last full quarter.' },
        { name: 'to', label: 'To', type: 'date', hint: 'YYYY-MM-DD, included.' },
      ]}
    >
      <TaxResults report={props.report} values={props.values} />
    </ReportPage>
  );
}
