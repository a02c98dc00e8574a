import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { mrrByCurrency, mrrTrend } from '../../src/modules/reports/mrr.ts';
import { billingFixtures, snapshotOf } from './billing-runs-fixtures.ts';

// Every figure against an independent statement written here, over a small mixed data set.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let f: ReturnType<typeof billingFixtures>;
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
  const add = async (status: string, term: { intervalCount: number; period: string }, amount: string, currency: string, started: string, quantity = 1) => {
    const [row] = await f.sql<{ id: number }>(
      `insert into service (client_id, package_id, status, price_snapshot, provisioned_at, created_at, updated_at) values (?, ?, ?, ?::jsonb, ?, ?, ?) returning id`,
      [client, pkg, status, JSON.stringify(snapshotOf(term as never, amount, currency, quantity)), status === 'pending' ? null : started, started, started],
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
  // Ended in August: counts before, not after.
  const ended = await add('terminated', { intervalCount: 1, period: 'year' }, '1200.0000', 'USD', '2025-03-01T00:00:00Z');
  await f.sql(`insert into service_event (service_id, from_status, to_status, created_at) values (?, 'active', 'terminated', '2026-08-10T00:00:00Z')`, [ended]);
  // A one-time price is no recurring revenue.
  await f.sql(
    `insert into service (client_id, package_id, status, price_snapshot, created_at) values (?, ?, 'active', ?::jsonb, '2026-01-01')`,
    [client, pkg, JSON.stringify({ price: { type: 'onetime', currency: 'USD' }, quote: { currency: 'USD', renewalAmount: '9.0000' } })],
  );
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

  it('trends month by month, each point equal to the independent sum at its month end', async () => {
    const trend = await mrrTrend(db.orm.em.fork(), 12, NOW);
    expect(trend.map((p) => p.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(trend.at(-1)!.at).toEqual(NOW);
    for (const point of trend) expect(point.amounts, point.month).toEqual(await expected(point.at));
    expect(trend[6]!.amounts.find((a) => a.currency === 'USD')!.amount).toBe('128.3334');
    expect(trend[7]!.amounts.find((a) => a.currency === 'USD')!.amount).toBe('28.3334');
  });
});
