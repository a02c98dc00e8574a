import type { Dashboard } from '../../../src/modules/reports/load-dashboard.ts';
import { formatMoney, fromDecimalString } from '../../../src/modules/shared/money.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Chart } from '../../components/chart.tsx';

export type HomeProps = PageProps & { dashboard: Dashboard };

// NOTE: figures print at 2 decimals; the exact 4-decimal amounts are what the queries return.
const money = (amount: string, currency: string) => formatMoney(fromDecimalString(amount), currency, 2);
/** For drawing only: the chart's table prints the exact text. */
const plot = (amount: string) => Number(amount);

function Figure(props: { id: string; title: string; href: string; children: unknown }) {
  return (
    <li class="store-card" id={props.id}>
      <a class="store-card-head store-card-name" href={props.href}>
        {props.title}
      </a>
      {props.children}
    </li>
  );
}

function Amounts(props: { rows: { currency: string; text: string }[]; empty: string }) {
  if (props.rows.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <div>
      {props.rows.map((r) => (
        <p class="nowrap">{r.text}</p>
      ))}
    </div>
  );
}

export function HomePage(props: HomeProps) {
  const d = props.dashboard;
  const trendCurrencies = [...new Set(d.mrrTrend.flatMap((p) => p.amounts.map((a) => a.currency)))].sort();
  return (
    <AdminLayout title="Home" active="home" staff={props.staff} csrfToken={props.csrfToken} flash={props.flash} inbox={props.inbox}>
      <div class="heading">
        <h1>Today</h1>
        <p class="muted">As of {d.now.toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
      </div>
      <ul class="store-cards" aria-label="Today's figures">
        <Figure id="fig-mrr" title="Monthly recurring revenue" href="/admin/services?status=active">
          <Amounts rows={d.mrr.map((a) => ({ currency: a.currency, text: money(a.amount, a.currency) }))} empty="No recurring services." />
        </Figure>
        <Figure id="fig-revenue" title="Received, last 30 days" href="/admin/payments">
          {d.revenue.length === 0 ? (
            <p class="muted">Nothing received.</p>
          ) : (
            <div>
              {d.revenue.map((r) => (
                <p>
                  <span class="nowrap">{money(r.last30, r.currency)}</span>
                  <br />
                  <span class="muted nowrap">30 days before: {money(r.previous30, r.currency)}</span>
                </p>
              ))}
            </div>
          )}
        </Figure>
        <Figure id="fig-overdue" title={`Overdue invoices: ${d.overdue.count}`} href="/admin/invoices?overdue=1">
          <Amounts
            rows={d.overdue.amounts.map((a) => ({ currency: a.currency, text: `${money(a.due, a.currency)} due` }))}
            empty="None overdue."
          />
        </Figure>
        <Figure id="fig-pending" title={`Pending services: ${d.services.pending}`} href="/admin/services?status=pending">
          {/* A link only when there is something to look at. */}
          {d.services.failed > 0 ? (
            <p>
              <a href="/admin/services?failed=1">{d.services.failed} failed to provision</a>
            </p>
          ) : (
            <p class="muted">None failed to provision.</p>
          )}
        </Figure>
        <Figure id="fig-suspended" title={`Suspended services: ${d.services.suspended}`} href="/admin/services?status=suspended">
          <p class="muted">Unsuspended when paid, or by staff.</p>
        </Figure>
        <Figure id="fig-renewals" title="Renewals, next 30 days" href="/admin/billing">
          <p class="muted">
            {d.renewals.services} service{d.renewals.services === 1 ? '' : 's'} on {d.renewals.invoices} invoice
            {d.renewals.invoices === 1 ? '' : 's'}
          </p>
          <Amounts
            rows={d.renewals.totals.map((t) => ({
              currency: t.currency,
              text: formatMoney(fromDecimalString(t.total), t.currency, t.minorUnits),
            }))}
            empty="Nothing to invoice."
          />
          {d.now.getTime() - d.renewals.asOf.getTime() >= 60_000 && (
            <p class="muted small">As of {d.renewals.asOf.toISOString().slice(11, 16)} UTC; live on the billing page.</p>
          )}
        </Figure>
        <Figure id="fig-jobs" title={`Failed jobs: ${d.failedJobs}`} href="/admin/work">
          <p class="muted">{d.failedJobs === 0 ? 'All background work went through.' : 'Waiting to retry or given up.'}</p>
        </Figure>
      </ul>
      <div class="card">
        <Chart
          id="chart-revenue"
          title="Received per month, tax included"
          kind="bars"
          labels={d.months}
          series={d.revenueByMonth.map((r) => ({
            label: r.currency,
            values: r.amounts.map(plot),
            text: r.amounts.map((a) => money(a, r.currency)),
          }))}
        />
      </div>
      <div class="card">
        <Chart
          id="chart-mrr"
          title="Monthly recurring revenue"
          labels={d.months}
          series={trendCurrencies.map((cur) => {
            const amounts = d.mrrTrend.map((p) => p.amounts.find((a) => a.currency === cur)?.amount ?? '0.0000');
            return { label: cur, values: amounts.map(plot), text: amounts.map((a) => money(a, cur)) };
          })}
        />
      </div>
      <div class="card">
        <Chart
          id="chart-services"
          title="Services started and ended"
          kind="bars"
          labels={d.months}
          series={[
            { label: 'Started', values: d.servicesByMonth.started },
            { label: 'Ended', values: d.servicesByMonth.ended },
          ]}
        />
      </div>
    </AdminLayout>
  );
}
