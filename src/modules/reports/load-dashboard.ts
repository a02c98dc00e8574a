import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import type { PreviewAmount } from '../billing/preview-billing.ts';
import { renewalForecast } from './renewal-forecast.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { mrrTrend, type MrrAmount, type MrrPoint } from './mrr.ts';

// The admin home's figures: a handful of set-based statements for the whole page, run side by
// side, however many services there are.

export interface RevenueWindow {
  currency: string;
  /** Payments received minus refunds, the last 30 days. */
  last30: string;
  /** The same for the 30 days before. */
  previous30: string;
}

export interface Dashboard {
  now: Date;
  mrr: MrrAmount[];
  revenue: RevenueWindow[];
  overdue: { count: number; amounts: { currency: string; due: string }[] };
  services: { pending: number; failed: number; suspended: number };
  /** Worked out at `asOf`, at most FORECAST_STALE_MINUTES ago (renewal-forecast.ts). */
  renewals: { services: number; invoices: number; totals: PreviewAmount[]; asOf: Date };
  failedJobs: number;
  /** 'YYYY-MM', oldest first, for every chart. */
  months: string[];
  revenueByMonth: { currency: string; amounts: string[] }[];
  mrrTrend: MrrPoint[];
  servicesByMonth: { started: number[]; ended: number[] };
}

const DAY = 86_400_000;

export async function loadDashboard(em: EntityManager, now: Date): Promise<Dashboard> {
  const q = db(em);
  const today = calendarDateOf(now);
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  // NOTE: today's MRR is the trend's last point (its instant is `now`): one pass over the services, not two.
  const [trend, revenue, byMonth, overdue, services, lifecycle, forecast, failed] = await Promise.all([
    mrrTrend(em, 12, now),
    // Money received: succeeded payments, refunds (stored negative) included, by when they settled.
    // NOTE: not account credit: paying with it moves no money (it came in, if ever, as an earlier
    // payment), and a refund to it pays none out.
    sql<{ currency: string; last30: string; previous30: string }>`
      select currency,
             coalesce(sum(amount) filter (where coalesce(settled_at, created_at) > ${new Date(now.getTime() - 30 * DAY)}), 0)::numeric(19,4)::text as last30,
             coalesce(sum(amount) filter (where coalesce(settled_at, created_at) <= ${new Date(now.getTime() - 30 * DAY)}), 0)::numeric(19,4)::text as previous30
        from payment
       where status = 'succeeded' and gateway <> 'credit' and coalesce(settled_at, created_at) > ${new Date(now.getTime() - 60 * DAY)} and coalesce(settled_at, created_at) <= ${now}
       group by currency order by currency`.execute(q),
    sql<{ currency: string; month: string; total: string }>`
      select currency, to_char(date_trunc('month', coalesce(settled_at, created_at) at time zone 'UTC'), 'YYYY-MM') as month, sum(amount)::numeric(19,4)::text as total
        from payment
       where status = 'succeeded' and gateway <> 'credit' and coalesce(settled_at, created_at) >= ${monthStart} and coalesce(settled_at, created_at) <= ${now}
       group by 1, 2`.execute(q),
    // Overdue as the invoice list filters it (unpaid, past its due date), with what is left to pay.
    sql<{ currency: string; count: number; due: string }>`
      select currency, count(*)::int as count, sum(greatest(total - credit_applied, 0))::numeric(19,4)::text as due
        from invoice where status = 'unpaid' and due_date < ${today}::date
       group by currency order by currency`.execute(q),
    sql<{ pending: number; failed: number; suspended: number }>`
      select count(*) filter (where status = 'pending')::int as pending,
             count(*) filter (where status = 'pending' and last_error is not null)::int as failed,
             count(*) filter (where status = 'suspended')::int as suspended
        from service where status in ('pending', 'suspended')`.execute(q),
    // Started: provisioned (or created, when it never went through provisioning); ended: its move to cancelled/terminated.
    sql<{ month: string; started: number; ended: number }>`
      with m as (select to_char(d, 'YYYY-MM') as month from generate_series(${monthStart}::timestamptz at time zone 'UTC', ${now}::timestamptz at time zone 'UTC', interval '1 month') d),
      s as (select to_char(coalesce(provisioned_at, created_at) at time zone 'UTC', 'YYYY-MM') as month, count(*)::int as n
              from service where status <> 'pending' and coalesce(provisioned_at, created_at) >= ${monthStart} and coalesce(provisioned_at, created_at) <= ${now} group by 1),
      e as (select to_char(e.created_at at time zone 'UTC', 'YYYY-MM') as month, count(distinct e.service_id)::int as n
              from service_event e where e.to_status in ('cancelled', 'terminated') and e.created_at >= ${monthStart} and e.created_at <= ${now} group by 1)
      select m.month, coalesce(s.n, 0) as started, coalesce(e.n, 0) as ended from m left join s using (month) left join e using (month) order by m.month`.execute(
      q,
    ),
    renewalForecast(em, now),
    // Failed background work as /admin/work lists it: waiting to retry or given up.
    sql<{ n: number }>`select count(*)::int as n from outbox where failed_at is not null and (processed_at is null or gave_up)`.execute(q),
  ]);
  const months = trend.map((p) => p.month);
  const currencies = [...new Set(byMonth.rows.map((r) => r.currency))].sort();
  return {
    now,
    mrr: trend.at(-1)?.amounts ?? [],
    revenue: revenue.rows,
    overdue: {
      count: overdue.rows.reduce((n, r) => n + r.count, 0),
      amounts: overdue.rows.map((r) => ({ currency: r.currency, due: r.due })),
    },
    services: services.rows[0] ?? { pending: 0, failed: 0, suspended: 0 },
    renewals: {
      services: forecast.preview.perDay.reduce((n, d) => n + d.services, 0),
      invoices: forecast.preview.perDay.reduce((n, d) => n + d.invoices, 0),
      totals: forecast.preview.totals,
      asOf: forecast.asOf,
    },
    failedJobs: failed.rows[0]?.n ?? 0,
    months,
    revenueByMonth: currencies.map((currency) => ({
      currency,
      amounts: months.map((m) => byMonth.rows.find((r) => r.currency === currency && r.month === m)?.total ?? '0.0000'),
    })),
    mrrTrend: trend,
    servicesByMonth: { started: lifecycle.rows.map((r) => r.started), ended: lifecycle.rows.map((r) => r.ended) },
  };
}
