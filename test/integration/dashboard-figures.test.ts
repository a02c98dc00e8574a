import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { mrrAt, mrrByCurrency, mrrTrend } from '../../src/modules/reports/mrr.ts';
import { loadDashboard } from '../../src/modules/reports/load-dashboard.ts';
import { previewBilling } from '../../src/modules/billing/preview-billing.ts';
import { billingFixtures, snapshotOf } from './billing-runs-fixtures.ts';
import { renewalForecast } from '../../src/modules/reports/renewal-forecast.ts';
import { attachCache, ChangeCache } from '../../src/db/cache.ts';
import { ChangeFeed } from '../../src/db/change-feed.ts';
import { openOrm } from '../../src/db/orm.ts';
import { redirectLogs } from '../../src/observability/log.ts';

// Every figure against an independent statement written here, over a small mixed data set.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let f: ReturnType<typeof billingFixtures>;
let ids: { pkg: number; client: number };
const NOW = new Date('2026-12-04T12:00:00Z');

/** The independent MRR: numeric division per service, summed, rounded to 4 decimals. */
const MRR_SQL = `
  select s.price_snapshot->'quote'->>'currency' as currency,
         round(sum(trunc((s.price_snapshot->'quote'->>'renewalAmount')::numeric / greatest(1, coalesce((s.price_snapshot->'quote'->'lines'->0->>'quantity')::int, 1)), 4)
           * case s.price_snapshot->'price'->>'period' when 'day' then 365 when 'week' then 52 when 'month' then 12 when 'year' then 1 end
           / (12 * (s.price_snapshot->'price'->>'intervalCount')::int)), 4)::text as amount
    from service s
   where s.status <> 'pending' and s.price_snapshot->'price'->>'type' = 'recurring'
     and coalesce(s.provisioned_at, s.created_at) <= $1::timestamptz
     and not exists (select 1 from service_event e where e.service_id = s.id and e.to_status in ('cancelled', 'terminated') and e.created_at <= $1::timestamptz)
     and not (s.status in ('cancelled', 'terminated') and not exists (select 1 from service_event e where e.service_id = s.id and e.to_status in ('cancelled', 'terminated')) and s.updated_at <= $1::timestamptz)
   group by 1 order by 1`;

async function expected(at: Date) {
  const iso = at.toISOString();
  return f.sql<{ currency: string; amount: string }>(MRR_SQL.replaceAll('$1', '?'), [iso, iso, iso]);
}

beforeAll(async () => {
  db = await createTestDatabase();
  f = billingFixtures(db.orm);
  const pkg = await f.basics();
  const client = await f.client('Mixed');
  ids = { pkg, client };
  const add = async (
    status: string,
    term: { intervalCount: number; period: string },
    amount: string,
    currency: string,
    started: string,
    quantity = 1,
  ) => {
    const [row] = await f.sql<{ id: number }>(
      `insert into service (client_id, package_id, status, price_snapshot, provisioned_at, created_at, updated_at) values (?, ?, ?, ?::jsonb, ?, ?, ?) returning id`,
      [
        client,
        pkg,
        status,
        JSON.stringify(snapshotOf(term as never, amount, currency, quantity)),
        status === 'pending' ? null : started,
        started,
        started,
      ],
    );
    return row!.id;
  };
  await add('active', { intervalCount: 1, period: 'month' }, '10.0000', 'USD', '2025-01-10T00:00:00Z');
  await add('active', { intervalCount: 1, period: 'year' }, '100.0000', 'USD', '2025-06-01T00:00:00Z');
  await add('suspended', { intervalCount: 3, period: 'month' }, '30.0001', 'USD', '2026-02-01T00:00:00Z');
  await add('active', { intervalCount: 1, period: 'week' }, '7.0000', 'EUR', '2026-05-15T00:00:00Z');
  await add('active', { intervalCount: 2, period: 'day' }, '1.0000', 'EUR', '2026-11-20T00:00:00Z');
  await add('active', { intervalCount: 1, period: 'month' }, '20.0000', 'EUR', '2026-03-01T00:00:00Z', 2);
  await add('pending', { intervalCount: 1, period: 'month' }, '500.0000', 'USD', '2026-01-01T00:00:00Z');
  // A month's GBP service that ran from 500 µs past one millisecond to 500 µs past another (the MRR test "to the microsecond").
  const brief = await add('terminated', { intervalCount: 1, period: 'month' }, '5.0000', 'GBP', '2026-06-10T00:00:00.0005Z');
  await f.sql(
    `insert into service_event (service_id, from_status, to_status, created_at) values (?, 'active', 'terminated', '2026-06-20T00:00:00.0005Z')`,
    [brief],
  );
  // Ended in August: counts before, not after.
  const ended = await add('terminated', { intervalCount: 1, period: 'year' }, '1200.0000', 'USD', '2025-03-01T00:00:00Z');
  await f.sql(
    `insert into service_event (service_id, from_status, to_status, created_at) values (?, 'active', 'terminated', '2026-08-10T00:00:00Z')`,
    [ended],
  );
  // A one-time price is no recurring revenue.
  await f.sql(
    `insert into service (client_id, package_id, status, price_snapshot, created_at) values (?, ?, 'active', ?::jsonb, '2026-01-01')`,
    [client, pkg, JSON.stringify({ price: { type: 'onetime', currency: 'USD' }, quote: { currency: 'USD', renewalAmount: '9.0000' } })],
  );
  // Money, invoices and work for the other figures.
  const [inv] = await f.sql<{ id: number }>(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, credit_applied, due_date) values (?, 'unpaid', 'USD', 80, 0, 80, 5, '2026-11-30') returning id`,
    [client],
  );
  await f.sql(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'EUR', 12.3456, 0, 12.3456, '2026-12-01'), (?, 'unpaid', 'USD', 9, 0, 9, '2026-12-04'), (?, 'paid', 'USD', 7, 0, 7, '2026-10-01')`,
    [client, client, client],
  );
  for (const [amount, currency, kind, status, at] of [
    ['300', 'USD', 'payment', 'succeeded', '2026-12-01T00:00:00Z'],
    ['-50.5', 'USD', 'refund', 'succeeded', '2026-11-20T00:00:00Z'],
    ['-10', 'USD', 'refund', 'pending', '2026-11-20T00:00:00Z'],
    ['70', 'USD', 'payment', 'succeeded', '2026-10-20T00:00:00Z'],
    ['40', 'EUR', 'payment', 'succeeded', '2026-09-01T00:00:00Z'],
    ['40', 'EUR', 'payment', 'succeeded', '2025-09-01T00:00:00Z'],
  ]) {
    await f.sql(
      `insert into payment (invoice_id, gateway, reference, amount, currency, kind, status, created_at) values (?, 'manual', ?, ?, ?, ?, ?, ?)`,
      [inv!.id, `R-${amount}-${at}`, amount, currency, kind, status, at],
    );
  }
  await f.sql(`update service set last_error = 'refused' where status = 'pending'`);
  await f.sql(`insert into outbox (queue, job, payload, dedupe_key, enqueued_at, processed_at, failed_at, last_error, gave_up) values
    ('p', 'provision-service', '{}', 'a', now(), now(), now(), 'x', true), ('p', 'provision-service', '{}', 'b', now(), null, now(), 'x', false), ('p', 'provision-service', '{}', 'c', now(), now(), null, null, false)`);
}, 60_000);
afterAll(() => db.drop());

describe('MRR', () => {
  it('is per currency, with every term normalised to a month, equal to an independent sum', async () => {
    const got = await mrrByCurrency(db.orm.em.fork(), NOW);
    expect(got).toEqual(await expected(NOW));
    // By hand: USD 10 + 100/12 + 30.0001/3 = 28.3333...; EUR 7*52/12 + 0.5*365/12 + 10 = 55.5416...
    expect(got).toEqual([
      { currency: 'EUR', amount: '55.5417' },
      { currency: 'USD', amount: '28.3334' },
    ]);
  });

  it('counts a service until it ended, and not before it started', async () => {
    const july = new Date('2026-07-31T23:59:59Z');
    expect(await mrrByCurrency(db.orm.em.fork(), july)).toEqual(await expected(july));
    expect((await mrrByCurrency(db.orm.em.fork(), july)).find((a) => a.currency === 'USD')!.amount).toBe('128.3334');
    expect(await mrrByCurrency(db.orm.em.fork(), new Date('2020-01-01T00:00:00Z'))).toEqual([]);
  });

  it('counts a service from the very instant it started, and until, not at, the instant it ended', async () => {
    const eur = async (at: Date) => (await mrrByCurrency(db.orm.em.fork(), at)).find((a) => a.currency === 'EUR')?.amount;
    const usd = async (at: Date) => (await mrrByCurrency(db.orm.em.fork(), at)).find((a) => a.currency === 'USD')?.amount;
    const started = new Date('2026-05-15T00:00:00Z'); // the weekly EUR service: 7 * 52 / 12 = 30.3333..., beside 10 a month from March
    expect(await eur(new Date(started.getTime() - 1))).toBe('10.0000');
    expect(await eur(started)).toBe('40.3333');
    const ended = new Date('2026-08-10T00:00:00Z'); // the yearly USD service terminated then: 100 a month
    expect(await usd(new Date(ended.getTime() - 1))).toBe('128.3334');
    expect(await usd(ended)).toBe('28.3334');
    for (const at of [started, ended]) {
      expect(await mrrByCurrency(db.orm.em.fork(), at)).toEqual(await expected(at));
      expect(await mrrByCurrency(db.orm.em.fork(), new Date(at.getTime() - 1))).toEqual(await expected(new Date(at.getTime() - 1)));
    }
    // To the microsecond: a service that ran from 500 µs past one millisecond to 500 µs past another.
    const gbp = async (at: string) => (await mrrByCurrency(db.orm.em.fork(), new Date(at))).find((a) => a.currency === 'GBP')?.amount;
    expect(await gbp('2026-06-10T00:00:00.000Z')).toBeUndefined();
    expect(await gbp('2026-06-10T00:00:00.001Z')).toBe('5.0000');
    expect(await gbp('2026-06-20T00:00:00.000Z')).toBe('5.0000');
    expect(await gbp('2026-06-20T00:00:00.001Z')).toBeUndefined();
  });

  it('gives each instant its own figures, whatever order the instants come in, the same one twice included', async () => {
    const instants = [
      '2026-08-10T00:00:00Z',
      '2026-05-15T00:00:00Z',
      NOW.toISOString(),
      '2026-05-15T00:00:00Z',
      '2020-01-01T00:00:00Z',
    ].map((s) => new Date(s));
    const each = await Promise.all(instants.map((at) => mrrByCurrency(db.orm.em.fork(), at)));
    expect(await mrrAt(db.orm.em.fork(), instants)).toEqual(each);
    expect(each.map((list) => list.length)).toEqual([2, 2, 2, 2, 0]);
  });

  it('trends month by month, each point equal to the independent sum at its month end', async () => {
    const trend = await mrrTrend(db.orm.em.fork(), 12, NOW);
    expect(trend.map((p) => p.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(trend.at(-1)!.at).toEqual(NOW);
    for (const point of trend) expect(point.amounts, point.month).toEqual(await expected(point.at));
    expect(trend[6]!.amounts.find((a) => a.currency === 'USD')!.amount).toBe('128.3334');
    expect(trend[7]!.amounts.find((a) => a.currency === 'USD')!.amount).toBe('28.3334');
  });
});

describe('the admin home figures', () => {
  it('each equals an independent statement', async () => {
    const d = await loadDashboard(db.orm.em.fork(), NOW);
    expect(d.mrr).toEqual(await expected(NOW));
    expect(d.revenue).toEqual(
      await f.sql(`select currency,
          coalesce(sum(amount) filter (where created_at > '2026-11-04T12:00:00Z'), 0)::numeric(19,4)::text as last30,
          coalesce(sum(amount) filter (where created_at <= '2026-11-04T12:00:00Z' and created_at > '2026-10-05T12:00:00Z'), 0)::numeric(19,4)::text as previous30
        from payment where status = 'succeeded' and created_at > '2026-10-05T12:00:00Z' group by 1 order by 1`),
    );
    expect(d.revenue).toEqual([{ currency: 'USD', last30: '249.5000', previous30: '70.0000' }]);
    const overdue = await f.sql<{ currency: string; count: number; due: string }>(
      `select currency, count(*)::int as count, sum(total - credit_applied)::numeric(19,4)::text as due from invoice where status = 'unpaid' and due_date < '2026-12-04' group by 1 order by 1`,
    );
    expect(d.overdue).toEqual({ count: 2, amounts: overdue.map((r) => ({ currency: r.currency, due: r.due })) });
    expect(d.overdue.amounts).toEqual([
      { currency: 'EUR', due: '12.3456' },
      { currency: 'USD', due: '75.0000' },
    ]);
    const [counts] = await f.sql(
      `select (select count(*)::int from service where status = 'pending') as pending, (select count(*)::int from service where status = 'pending' and last_error is not null) as failed, (select count(*)::int from service where status = 'suspended') as suspended`,
    );
    expect(d.services).toEqual(counts);
    expect(d.services).toEqual({ pending: 1, failed: 1, suspended: 1 });
    const [jobs] = await f.sql<{ n: number }>(
      `select count(*)::int as n from outbox where (failed_at is not null and processed_at is null) or gave_up`,
    );
    expect(d.failedJobs).toBe(jobs!.n);
    expect(d.failedJobs).toBe(2);
    const preview = await previewBilling(db.orm.em.fork(), undefined, 30, NOW);
    expect(d.renewals.totals).toEqual(preview.totals);
    expect(d.renewals.services).toBe(preview.perDay.reduce((n, p) => n + p.services, 0));
  });

  it('charts 12 months: revenue per currency, MRR, services started and ended', async () => {
    const d = await loadDashboard(db.orm.em.fork(), NOW);
    expect(d.months).toHaveLength(12);
    expect(d.months[0]).toBe('2026-01');
    const byMonth = await f.sql<{ currency: string; month: string; total: string }>(
      `select currency, to_char(created_at at time zone 'UTC', 'YYYY-MM') as month, sum(amount)::numeric(19,4)::text as total from payment where status = 'succeeded' and created_at >= '2026-01-01' group by 1, 2`,
    );
    for (const series of d.revenueByMonth) {
      d.months.forEach((m, i) =>
        expect(series.amounts[i], `${series.currency} ${m}`).toBe(
          byMonth.find((r) => r.currency === series.currency && r.month === m)?.total ?? '0.0000',
        ),
      );
    }
    expect(d.revenueByMonth.map((r) => r.currency)).toEqual(['EUR', 'USD']);
    expect(d.revenueByMonth[1]!.amounts[10]).toBe('-50.5000');
    for (const [i, m] of d.months.entries()) {
      const [row] = await f.sql<{ started: number; ended: number }>(
        `select (select count(*)::int from service where status <> 'pending' and to_char(coalesce(provisioned_at, created_at), 'YYYY-MM') = ?) as started,
                (select count(distinct service_id)::int from service_event where to_status in ('cancelled', 'terminated') and to_char(created_at, 'YYYY-MM') = ?) as ended`,
        [m, m],
      );
      expect([d.servicesByMonth.started[i], d.servicesByMonth.ended[i]], m).toEqual([row!.started, row!.ended]);
    }
    expect(d.servicesByMonth.ended[7]).toBe(1);
    expect(d.mrrTrend.map((p) => p.month)).toEqual(d.months);
  });
});

describe('the renewal forecast on the admin home', () => {
  const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
  const live = async (when: Date) => (await previewBilling(db.orm.em.fork(), undefined, 30, when)).totals;
  /** A web process's cache, fed by the database's change notifications, for the length of `fn`. */
  const withCache = async (fn: (cache: ChangeCache) => Promise<void>) => {
    const feed = new ChangeFeed(db.url, 100);
    const cache = new ChangeCache(feed);
    attachCache(db.orm.em, cache);
    await feed.start();
    try {
      await fn(cache);
    } finally {
      await feed.stop();
    }
  };

  it('is worked out once per five minutes in a web process; a page that finds it old shows it and has it worked out again behind it', async () => {
    await withCache(async () => {
      const first = await renewalForecast(db.orm.em.fork(), NOW);
      expect(first.asOf).toEqual(NOW);
      await f.service(ids.client, ids.pkg, { due: '2026-12-10', amount: '15.0000' });
      expect(await live(NOW)).not.toEqual(first.preview.totals);
      // A minute later the same forecast, saying when it was made; the page says so.
      const kept = await renewalForecast(db.orm.em.fork(), at(1));
      expect(kept).toBe(first);
      const home = await loadDashboard(db.orm.em.fork(), at(1));
      expect(home.renewals.asOf).toEqual(NOW);
      expect(home.renewals.totals).toEqual(first.preview.totals);
      // Five minutes on, the page gets the one held at once, and the next pages the new one.
      const old = await renewalForecast(db.orm.em.fork(), at(5));
      expect(old).toBe(first);
      await vi.waitFor(async () => expect((await renewalForecast(db.orm.em.fork(), at(6))).asOf).toEqual(at(5)), { timeout: 10_000 });
      const renewed = await renewalForecast(db.orm.em.fork(), at(6));
      expect(renewed.preview.totals).toEqual(await live(at(5)));
      expect(renewed.preview.totals).not.toEqual(first.preview.totals);
      // Fifteen minutes after that (a process nobody looked at), the page waits for a new one.
      const waited = await renewalForecast(db.orm.em.fork(), at(20));
      expect(waited.asOf).toEqual(at(20));
      expect(waited.preview.totals).toEqual(await live(at(20)));
    });
  });

  it('is worked out again at once when a tax rate changes, and not when a package does', async () => {
    await withCache(async (cache) => {
      const first = await renewalForecast(db.orm.em.fork(), NOW);
      // A package (another cached table) changing does not make it wrong: a read of packages goes, it stays.
      await cache.get('probe', () => Promise.resolve({ value: 1, tags: ['package'] }));
      await f.sql('update package set updated_at = now() where id = ?', [ids.pkg]);
      await vi.waitFor(() => expect(cache.peek('probe', { count: false })).toBeUndefined(), { timeout: 5_000 });
      expect(cache.peek('renewal-forecast', { count: false })).toBe(first);
      await f.sql(
        `insert into tax_rate (country, name, rate) values ('NL', 'BTW', 21) on conflict (country) do update set rate = excluded.rate`,
      );
      await vi.waitFor(() => expect(cache.peek('renewal-forecast', { count: false })).toBeUndefined(), { timeout: 5_000 });
      const after = await renewalForecast(db.orm.em.fork(), at(1));
      expect(after.asOf).toEqual(at(1));
      expect(after).not.toBe(first);
    });
  });

  it('keeps the one held, and says so in the log, when working it out again fails', async () => {
    await withCache(async (cache) => {
      const lines: Record<string, unknown>[] = [];
      const restore = redirectLogs({ write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
      // A second ORM on the same cache, signed in as a role that may read nothing: its queries fail.
      const role = `forecast_denied_${process.pid}`;
      await f.sql(`create role ${role} login`);
      const url = new URL(db.url);
      url.username = role;
      const denied = await openOrm(url.toString());
      attachCache(denied.em, cache);
      try {
        const first = await renewalForecast(db.orm.em.fork(), NOW);
        expect(await renewalForecast(denied.em.fork(), at(6))).toBe(first);
        await vi.waitFor(
          () => expect(lines.some((l) => String(l.msg).includes('renewal forecast: could not work it out again'))).toBe(true),
          { timeout: 5_000 },
        );
        expect(cache.peek('renewal-forecast', { count: false })).toBe(first);
        expect(await renewalForecast(db.orm.em.fork(), at(6))).toBe(first);
        await vi.waitFor(async () => expect((await renewalForecast(db.orm.em.fork(), at(7))).asOf).toEqual(at(6)), { timeout: 10_000 });
      } finally {
        restore();
        await denied.close(true);
        await f.sql(`drop role ${role}`);
      }
    });
  });
});
