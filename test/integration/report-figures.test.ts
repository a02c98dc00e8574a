import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import { reportMrr } from '../../src/modules/reports/report-mrr.ts';
import { reportRevenue } from '../../src/modules/reports/report-revenue.ts';
import { reportTax } from '../../src/modules/reports/report-tax.ts';
import { parseMonthRange } from '../../src/modules/reports/rules/report-period.ts';
import { billingFixtures, snapshotOf, type Term } from './billing-runs-fixtures.ts';

// The revenue, MRR and tax reports against independent statements written here, over a small
// varied data set, and each against figures worked by hand.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let f: ReturnType<typeof billingFixtures>;
let web: number;
let vps: number;
const NOW = new Date('2026-06-15T12:00:00Z');
const range = (from: string, to: string) => {
  const r = parseMonthRange(from, to, NOW);
  if (!r.ok) throw new Error('bad range');
  return r.value;
};

beforeAll(async () => {
  db = await createTestDatabase();
  f = billingFixtures(db.orm);
  web = await f.basics();
  const catalog = await createCatalog(db.orm.em.fork(), { name: 'Servers' });
  vps = (await createPackage(db.orm.em.fork(), { catalogId: catalog.id, name: 'VPS' })).id;
  await saveTaxRate(db.orm.em.fork(), { country: 'FR', name: 'TVA', rate: '20' });
  const de = await f.client('Deutsch', 'DE');
  const fr = await f.client('Français', 'FR');
  const nl = await f.client('Reverse', 'NL');
  const service = async (pkg: number, status: string, term: Term, amount: string, currency: string, started: string, ended?: string) => {
    const [row] = await f.sql<{ id: number }>(
      `insert into service (client_id, package_id, status, price_snapshot, provisioned_at, created_at, updated_at) values (?, ?, ?, ?::jsonb, ?, ?, ?) returning id`,
      [
        de,
        pkg,
        status,
        JSON.stringify(snapshotOf(term, amount, currency)),
        status === 'pending' ? null : started,
        started,
        ended ?? started,
      ],
    );
    if (ended)
      await f.sql(`insert into service_event (service_id, from_status, to_status, created_at) values (?, 'active', ?, ?)`, [
        row!.id,
        status,
        ended,
      ]);
    return row!.id;
  };
  const month = { intervalCount: 1, period: 'month' } as const;
  const s0 = await service(web, 'active', month, '10.0000', 'USD', '2025-11-01T00:00:00Z');
  const s1 = await service(vps, 'active', { intervalCount: 1, period: 'year' }, '120.0000', 'USD', '2026-02-10T09:00:00Z');
  await service(web, 'terminated', month, '30.0000', 'USD', '2025-12-05T00:00:00Z', '2026-03-20T00:00:00Z');
  // Starts on a month's first instant: new in that month, not the one before.
  const s3 = await service(web, 'suspended', { intervalCount: 3, period: 'month' }, '30.0000', 'EUR', '2026-04-01T00:00:00Z');
  const s4 = await service(vps, 'cancelled', month, '5.0000', 'USD', '2026-05-02T00:00:00Z', '2026-05-20T00:00:00Z');
  await service(web, 'pending', month, '500.0000', 'USD', '2026-02-01T00:00:00Z');
  // A weekly one to keep the exact fractions honest: 7 × 52 / 12 = 30.3333…
  await service(vps, 'active', { intervalCount: 1, period: 'week' }, '7.0000', 'USD', '2026-06-01T00:00:00Z');

  const invoice = async (
    client: number,
    status: string,
    currency: string,
    subtotal: string,
    tax: string,
    rate: string | null,
    at: string,
    paidAt: string | null,
    lines: [number | null, string, boolean][],
    extra: { country?: string; reverse?: boolean } = {},
  ) => {
    const total = (Number(subtotal) + Number(tax)).toFixed(4); // test data only: two-decimal figures
    const [row] = await f.sql<{ id: number }>(
      `insert into invoice (client_id, status, currency, subtotal, tax, total, tax_rate, due_date, created_at, paid_at, buyer, reverse_charge) values (?, ?, ?, ?, ?, ?, ?, ?::date, ?, ?, ?::jsonb, ?) returning id`,
      [
        client,
        status,
        currency,
        subtotal,
        tax,
        total,
        rate,
        at.slice(0, 10),
        at,
        paidAt,
        extra.country
          ? JSON.stringify({ name: 'x', email: 'x@example.com', company: null, address: null, country: extra.country, vatId: null })
          : null,
        extra.reverse ?? false,
      ],
    );
    for (const [svc, amount, taxable] of lines) {
      await f.sql(
        `insert into invoice_line (invoice_id, kind, description, amount, taxable, service_id) values (?, 'service', 'line', ?, ?, ?)`,
        [row!.id, amount, taxable, svc],
      );
    }
    return row!.id;
  };
  const inv1 = await invoice(de, 'paid', 'USD', '135.0000', '1.9000', '19.0000', '2026-02-14T10:00:00Z', '2026-02-15T10:00:00Z', [
    [s0, '10.0000', true],
    [s1, '120.0000', false],
    [null, '5.0000', false],
  ]);
  // Copied buyer country wins over the client's country now (FR bought, then moved to DE).
  await invoice(
    de,
    'paid',
    'EUR',
    '30.0000',
    '6.0000',
    '20.0000',
    '2026-04-02T10:00:00Z',
    '2026-04-03T10:00:00Z',
    [[s3, '30.0000', true]],
    { country: 'FR' },
  );
  await invoice(fr, 'paid', 'EUR', '12.5000', '2.5000', '20.0000', '2026-04-20T10:00:00Z', '2026-05-01T00:00:00Z', [[s3, '12.5000', true]]);
  await invoice(de, 'unpaid', 'USD', '5.0000', '0.9500', '19.0000', '2026-05-01T10:00:00Z', null, [[s4, '5.0000', true]]);
  await invoice(
    nl,
    'paid',
    'EUR',
    '100.0000',
    '0.0000',
    '0.0000',
    '2026-05-10T10:00:00Z',
    '2026-05-11T10:00:00Z',
    [[null, '100.0000', true]],
    { reverse: true },
  );
  await invoice(de, 'draft', 'USD', '999.0000', '189.8100', '19.0000', '2026-05-01T10:00:00Z', null, [[s0, '999.0000', true]]);
  await invoice(de, 'void', 'USD', '777.0000', '147.6300', '19.0000', '2026-05-01T10:00:00Z', '2026-05-01T11:00:00Z', [
    [s0, '777.0000', true],
  ]);
  await invoice(de, 'paid', 'USD', '50.0000', '9.5000', '19.0000', '2025-12-30T10:00:00Z', '2025-12-30T11:00:00Z', [[s0, '50.0000', true]]);
  // A one-time service (no MRR) moved from Web Hosting to VPS on 15 May: its line paid before then stays under Web Hosting.
  const [moved] = await f.sql<{ id: number }>(
    `insert into service (client_id, package_id, status, price_snapshot, provisioned_at, created_at) values (?, ?, 'active', ?::jsonb, '2026-05-01', '2026-05-01') returning id`,
    [de, vps, JSON.stringify({ price: { type: 'onetime', currency: 'USD' }, quote: { currency: 'USD', renewalAmount: '8.0000' } })],
  );
  await f.sql(
    `insert into service_change (service_id, from_package_id, to_package_id, new_snapshot, period_start, period_end, effective_date, currency, credit, charge, net, status, applied_at)
     values (?, ?, ?, '{}'::jsonb, '2026-05-01', '2026-06-01', '2026-05-15', 'USD', 0, 0, 0, 'applied', '2026-05-15T12:00:00Z'),
            (?, ?, ?, '{}'::jsonb, '2026-05-01', '2026-06-01', '2026-05-16', 'USD', 0, 0, 0, 'void', null)`,
    [moved!.id, web, vps, moved!.id, vps, web],
  );
  await invoice(de, 'paid', 'USD', '8.0000', '0', '0', '2026-05-10T10:00:00Z', '2026-05-10T10:00:00Z', [[moved!.id, '8.0000', false]]);
  await invoice(de, 'paid', 'USD', '9.0000', '0', '0', '2026-05-20T10:00:00Z', '2026-05-20T10:00:00Z', [[moved!.id, '9.0000', false]]);
  // A refund of 36.90 on the first invoice, its credit note issued in March.
  const [refund] = await f.sql<{ id: number }>(
    `insert into payment (invoice_id, gateway, reference, amount, currency, kind, status, created_at) values (?, 'manual', 'R1', -36.9, 'USD', 'refund', 'succeeded', '2026-03-05T10:00:00Z') returning id`,
    [inv1],
  );
  await f.sql(
    `insert into credit_note (number, invoice_id, refund_id, client_id, amount, currency, issued_at) values ('CN-1', ?, ?, ?, 36.9, 'USD', '2026-03-05T10:00:00Z')`,
    [inv1, refund!.id, de],
  );
}, 60_000);
afterAll(() => db.drop());

describe('revenue by month and package', () => {
  it('equals an independent sum of paid lines and refunds', async () => {
    const report = await reportRevenue(db.orm.em.fork(), range('2026-01', '2026-06'), null);
    const lines = await f.sql<{ currency: string; month: string; label: string; amount: string }>(`
      select i.currency, to_char(i.paid_at at time zone 'UTC', 'YYYY-MM') as month,
             coalesce((select p.name from service s join package p on p.id = coalesce(
                 (select c.from_package_id from service_change c where c.service_id = s.id and c.status = 'applied'
                     and c.applied_at = (select min(c2.applied_at) from service_change c2 where c2.service_id = s.id and c2.status = 'applied' and c2.applied_at > i.paid_at)),
                 s.package_id) where s.id = l.service_id),
                      (select p.name from package p where p.id = l.package_id), 'Other') as label,
             sum(l.amount)::numeric(19,4)::text as amount
        from invoice_line l join invoice i on i.id = l.invoice_id
       where i.status = 'paid' and i.paid_at >= '2026-01-01' and i.paid_at < '2026-07-01'
       group by 1, 2, 3`);
    const refunds = await f.sql<{ currency: string; month: string; amount: string }>(`
      select n.currency, to_char(n.issued_at at time zone 'UTC', 'YYYY-MM') as month, sum(-n.amount + round(n.amount * i.tax / i.total, 2))::numeric(19,4)::text as amount
        from credit_note n join invoice i on i.id = n.invoice_id where n.issued_at >= '2026-01-01' and n.issued_at < '2026-07-01' group by 1, 2`);
    const got = report.rows.map((r) => ({
      currency: r.currency,
      month: r.month,
      label: r.kind === 'refunds' ? 'refunds' : r.label,
      amount: r.amount,
    }));
    const want = [...lines, ...refunds.map((r) => ({ ...r, label: 'refunds' }))];
    const key = (r: { currency: string; month: string; label: string }) => `${r.currency}|${r.month}|${r.label}`;
    expect([...got].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...want].sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('matches the hand-worked figures, totals per package and per month', async () => {
    const report = await reportRevenue(db.orm.em.fork(), range('2026-01', '2026-06'), null);
    expect(report.rows.map((r) => [r.currency, r.month, r.label, r.lines, r.amount])).toEqual([
      ['EUR', '2026-04', 'Web Hosting', 1, '30.0000'],
      ['EUR', '2026-05', 'Web Hosting', 1, '12.5000'],
      ['EUR', '2026-05', 'Other', 1, '100.0000'],
      ['USD', '2026-02', 'VPS', 1, '120.0000'],
      ['USD', '2026-02', 'Web Hosting', 1, '10.0000'],
      ['USD', '2026-02', 'Other', 1, '5.0000'],
      // 36.90 less its tax share, as the credit note prints it: 36.90 × 1.90 / 136.90 = 0.5121, so 0.51
      ['USD', '2026-03', 'Refunds (credit notes, net of tax)', 1, '-36.3900'],
      // Paid after the move, then before it.
      ['USD', '2026-05', 'VPS', 1, '9.0000'],
      ['USD', '2026-05', 'Web Hosting', 1, '8.0000'],
    ]);
    expect(report.totals.map((t) => [t.currency, t.label, t.amount])).toEqual([
      ['EUR', 'Web Hosting', '42.5000'],
      ['EUR', 'Other', '100.0000'],
      ['USD', 'VPS', '129.0000'],
      ['USD', 'Web Hosting', '18.0000'],
      ['USD', 'Other', '5.0000'],
      ['USD', 'Refunds (credit notes, net of tax)', '-36.3900'],
    ]);
    expect(report.byMonth).toEqual([
      { currency: 'EUR', amounts: ['0.0000', '0.0000', '0.0000', '30.0000', '112.5000', '0.0000'] },
      { currency: 'USD', amounts: ['0.0000', '135.0000', '-36.3900', '0.0000', '17.0000', '0.0000'] },
    ]);
    expect(report.grandTotals).toEqual([
      { currency: 'EUR', amount: '142.5000' },
      { currency: 'USD', amount: '115.6100' },
    ]);
  });

  it('keeps to the months and the currency asked for', async () => {
    const report = await reportRevenue(db.orm.em.fork(), range('2026-04', '2026-04'), 'EUR');
    expect(report.rows.map((r) => [r.currency, r.month, r.amount])).toEqual([['EUR', '2026-04', '30.0000']]);
    expect((await reportRevenue(db.orm.em.fork(), range('2025-12', '2025-12'), null)).grandTotals).toEqual([
      { currency: 'USD', amount: '50.0000' },
    ]);
  });
});

describe('MRR, churn and net new MRR', () => {
  /** MRR of what ran just before `at`: numeric division per service, summed, rounded to 4 decimals. */
  const before = async (at: string, where = 'true') =>
    f.sql<{ currency: string; amount: string }>(
      `select s.price_snapshot->'quote'->>'currency' as currency,
              round(sum((s.price_snapshot->'quote'->>'renewalAmount')::numeric
                * case s.price_snapshot->'price'->>'period' when 'day' then 365 when 'week' then 52 when 'month' then 12 when 'year' then 1 end
                / (12 * (s.price_snapshot->'price'->>'intervalCount')::int)), 4)::text as amount
         from service s
         left join lateral (select max(e.created_at) as ended from service_event e where e.service_id = s.id and e.to_status in ('cancelled', 'terminated')) e on true
        where s.status <> 'pending' and ${where}
        group by 1 order by 1`.replaceAll('$at', `'${at}'::timestamptz`),
    );
  const monthStart = (m: string) => `${m}-01T00:00:00Z`;
  const next = (m: string) => (m === '2026-12' ? '2027-01' : `2026-${String(Number(m.slice(5)) + 1).padStart(2, '0')}`);

  it('each month: start and end equal what ran at its bounds, new and churned what started and ended in it', async () => {
    const report = await reportMrr(db.orm.em.fork(), range('2026-01', '2026-06'), null, NOW);
    const pick = (list: { currency: string; amount: string }[], cur: string) => list.find((r) => r.currency === cur)?.amount ?? '0.0000';
    for (const r of report.rows) {
      const end = r.month === '2026-06' ? NOW.toISOString() : monthStart(next(r.month));
      const running = (at: string) =>
        `coalesce(s.provisioned_at, s.created_at) < $at and (e.ended is null or e.ended >= $at)`.replaceAll('$at', `'${at}'::timestamptz`);
      expect(r.start, `${r.currency} ${r.month} start`).toBe(pick(await before('', running(monthStart(r.month))), r.currency));
      expect(r.end, `${r.currency} ${r.month} end`).toBe(pick(await before('', running(end)), r.currency));
      const inMonth = (col: string) => `${col} >= '${monthStart(r.month)}'::timestamptz and ${col} < '${end}'::timestamptz`;
      expect(r.added, `${r.currency} ${r.month} new`).toBe(
        pick(await before('', inMonth('coalesce(s.provisioned_at, s.created_at)')), r.currency),
      );
      expect(r.churned, `${r.currency} ${r.month} churned`).toBe(pick(await before('', inMonth('e.ended')), r.currency));
    }
  });

  it('matches the hand-worked figures, the churn rate as a share of the start', async () => {
    const report = await reportMrr(db.orm.em.fork(), range('2026-01', '2026-06'), null, NOW);
    expect(report.currencies).toEqual(['EUR', 'USD']);
    const usd = report.rows
      .filter((r) => r.currency === 'USD')
      .map((r) => [r.month, r.start, r.added, r.churned, r.net, r.end, r.churnRate]);
    expect(usd).toEqual([
      ['2026-01', '40.0000', '0.0000', '0.0000', '0.0000', '40.0000', '0.00'],
      ['2026-02', '40.0000', '10.0000', '0.0000', '10.0000', '50.0000', '0.00'],
      ['2026-03', '50.0000', '0.0000', '30.0000', '-30.0000', '20.0000', '60.00'],
      ['2026-04', '20.0000', '0.0000', '0.0000', '0.0000', '20.0000', '0.00'],
      ['2026-05', '20.0000', '5.0000', '5.0000', '0.0000', '20.0000', '25.00'],
      ['2026-06', '20.0000', '30.3333', '0.0000', '30.3333', '50.3333', '0.00'],
    ]);
    const eur = report.rows.filter((r) => r.currency === 'EUR').map((r) => [r.month, r.start, r.added, r.end, r.churnRate]);
    expect(eur).toEqual([
      ['2026-01', '0.0000', '0.0000', '0.0000', null],
      ['2026-02', '0.0000', '0.0000', '0.0000', null],
      ['2026-03', '0.0000', '0.0000', '0.0000', null],
      ['2026-04', '0.0000', '10.0000', '10.0000', null],
      ['2026-05', '10.0000', '0.0000', '10.0000', '0.00'],
      ['2026-06', '10.0000', '0.0000', '10.0000', '0.00'],
    ]);
  });

  it('filters by currency', async () => {
    const report = await reportMrr(db.orm.em.fork(), range('2026-03', '2026-04'), 'EUR', NOW);
    expect(report.rows.map((r) => [r.currency, r.month, r.end])).toEqual([
      ['EUR', '2026-03', '0.0000'],
      ['EUR', '2026-04', '10.0000'],
    ]);
  });
});

describe('tax collected', () => {
  it('equals an independent sum of issued invoices less credit notes', async () => {
    const report = await reportTax(db.orm.em.fork(), { from: '2026-01-01', to: '2026-06-30' });
    const want = await f.sql<{
      currency: string;
      country: string;
      rate: string;
      net: string;
      tax: string;
      invoices: number;
      credit_notes: number;
    }>(`
      select currency, country, rate, sum(net)::numeric(19,4)::text as net, sum(tax)::numeric(19,4)::text as tax, sum(inv)::int as invoices, sum(cn)::int as credit_notes from (
        select i.currency, coalesce(i.buyer->>'country', c.country) as country, i.tax_rate::text as rate, i.subtotal as net, i.tax, 1 as inv, 0 as cn
          from invoice i, client c where c.id = i.client_id and i.status not in ('draft', 'void') and i.created_at between '2026-01-01' and '2026-06-30 23:59:59.999999'
        union all
        select n.currency, c.country, i.tax_rate::text, -n.amount + round(n.amount * i.tax / i.total, 2), -round(n.amount * i.tax / i.total, 2), 0, 1
          from credit_note n, invoice i, client c where i.id = n.invoice_id and c.id = i.client_id and n.issued_at between '2026-01-01' and '2026-06-30 23:59:59.999999'
      ) x group by 1, 2, 3 order by 1, 2, 3`);
    const got = report.rows.map((r) => ({
      currency: r.currency,
      country: r.country,
      rate: r.rate,
      net: r.net,
      tax: r.tax,
      invoices: r.invoices,
      credit_notes: r.creditNotes,
    }));
    const key = (r: { currency: string; country: string; rate: string }) => `${r.currency}|${r.country}|${r.rate}`;
    expect([...got].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(want);
  });

  it('matches the hand-worked figures for a quarter', async () => {
    const q2 = await reportTax(db.orm.em.fork(), { from: '2026-04-01', to: '2026-06-30' });
    expect(q2.rows.map((r) => [r.currency, r.country, r.name, r.rate, r.reverseCharge, r.invoices, r.creditNotes, r.net, r.tax])).toEqual([
      ['EUR', 'FR', 'TVA', '20.0000', false, 2, 0, '42.5000', '8.5000'],
      ['EUR', 'NL', 'Reverse charge', '0.0000', true, 1, 0, '100.0000', '0.0000'],
      ['USD', 'DE', 'MwSt', '19.0000', false, 1, 0, '5.0000', '0.9500'],
      // The two untaxed invoices of the moved service.
      ['USD', 'DE', 'MwSt', '0.0000', false, 2, 0, '17.0000', '0.0000'],
    ]);
    expect(q2.totals).toEqual([
      { currency: 'EUR', net: '142.5000', tax: '8.5000', invoices: 3, creditNotes: 0 },
      { currency: 'USD', net: '22.0000', tax: '0.9500', invoices: 3, creditNotes: 0 },
    ]);
    // Q1: the February invoice, less its March credit note's net and tax.
    const q1 = await reportTax(db.orm.em.fork(), { from: '2026-01-01', to: '2026-03-31' });
    expect(q1.rows.map((r) => [r.currency, r.country, r.rate, r.invoices, r.creditNotes, r.net, r.tax])).toEqual([
      ['USD', 'DE', '19.0000', 1, 1, '98.6100', '1.3900'],
    ]);
    // The last day is included, the day after is not.
    expect((await reportTax(db.orm.em.fork(), { from: '2026-02-14', to: '2026-02-14' })).rows).toHaveLength(1);
    expect((await reportTax(db.orm.em.fork(), { from: '2026-02-15', to: '2026-02-28' })).rows).toHaveLength(0);
  });
});
