import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { billingFixtures, snapshotOf } from '../../integration/billing-runs-fixtures.ts';
import { textOf } from '../fixtures.ts';

// Reports: each page and its CSV, and junk filters answered 422 by the field, never 500.

let t: TestApp;
let owner: Client;
let late: number;
let pkg: number;

beforeAll(async () => {
  t = await makeTestApp();
  owner = await staffClient(t, 'owner');
  const f = billingFixtures(t.orm);
  pkg = await f.basics();
  late = await f.client('=Late Payer');
  const other = await f.client('Euro Buyer');
  const inv = (client: number, currency: string, total: string, credit: string, daysLate: number, status = 'unpaid') =>
    f.sql(
      `insert into invoice (client_id, status, currency, subtotal, tax, total, credit_applied, due_date) values (?, ?, ?, ?, 0, ?, ?, current_date - ?::int)`,
      [client, status, currency, total, total, credit, daysLate],
    );
  await inv(late, 'USD', '100.0000', '10.0000', 5);
  await inv(late, 'USD', '20.5000', '0', 10);
  await inv(late, 'USD', '70.0000', '0', 45);
  await inv(late, 'USD', '999.0000', '0', 45, 'paid');
  await inv(other, 'EUR', '50.0000', '0', 120);
  await inv(other, 'EUR', '7.0000', '0', -3);
  // For revenue, MRR and tax, in 2025: a monthly service of 25 from February, one of 15 ended in April,
  // and a paid invoice of February with 19% tax.
  const service = async (amount: string, started: string, ended?: string) => {
    const [row] = await f.sql<{ id: number }>(
      `insert into service (client_id, package_id, status, price_snapshot, provisioned_at, created_at, updated_at) values (?, ?, ?, ?::jsonb, ?, ?, ?) returning id`,
      [
        late,
        pkg,
        ended ? 'terminated' : 'active',
        JSON.stringify(snapshotOf({ intervalCount: 1, period: 'month' }, amount, 'USD')),
        started,
        started,
        ended ?? started,
      ],
    );
    if (ended)
      await f.sql(`insert into service_event (service_id, from_status, to_status, created_at) values (?, 'active', 'terminated', ?)`, [
        row!.id,
        ended,
      ]);
    return row!.id;
  };
  const hosting = await service('25.0000', '2025-02-10T00:00:00Z');
  await service('15.0000', '2024-12-01T00:00:00Z', '2025-04-15T00:00:00Z');
  const [paid] = await f.sql<{ id: number }>(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, tax_rate, due_date, created_at, paid_at) values (?, 'paid', 'USD', 25, 4.75, 29.75, 19, '2025-02-12', '2025-02-12T10:00:00Z', '2025-02-12T11:00:00Z') returning id`,
    [late],
  );
  await f.sql(
    `insert into invoice_line (invoice_id, kind, description, amount, taxable, service_id) values (?, 'service', 'Hosting', 25, true, ?)`,
    [paid!.id, hosting],
  );
});
afterAll(() => t.close());

describe('GET /admin/reports', () => {
  it('lists the reports', async () => {
    const res = await owner.get('/admin/reports');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    for (const name of ['aging', 'revenue', 'mrr', 'tax']) expect(html).toContain(`href="/admin/reports/${name}"`);
  });

  it('lets every staff role read the reports, and nobody signed out', async () => {
    const support = await staffClient(t, 'support');
    for (const path of ['/admin/reports/revenue', '/admin/reports/mrr', '/admin/reports/tax', '/admin/reports/tax.csv']) {
      expect((await support.get(path)).status, path).toBe(200);
      const anon = await new Client(t).get(path);
      expect([302, 303], path).toContain(anon.status);
      expect(anon.headers.get('location'), path).toMatch(/login|sign-in/);
    }
  });
});

describe('GET /admin/reports/revenue', () => {
  it('shows the months and packages received, with the chart, totals and the definition', async () => {
    const res = await owner.get('/admin/reports/revenue?from=2025-01&to=2025-03');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain('id="chart-revenue-report"');
    expect(html).toContain('Money received, before tax');
    expect(html).toContain(`href="/admin/packages/${pkg}"`);
    // Figures as they are written (25.00), where the stored text and the CSV say 25.0000.
    expect(html).toMatch(/Total USD Web Hosting<\/th>\s*<td class="num">25\.00<\/td>/);
    expect(html).toContain('href="/admin/reports/revenue.csv?from=2025-01&to=2025-03"');
    // The default is the last 12 months, which hold nothing here.
    expect(await textOf(await owner.get('/admin/reports/revenue'))).toContain('Nothing was received in these months.');
  });

  it('exports the rows as CSV', async () => {
    const res = await owner.get('/admin/reports/revenue.csv?from=2025-01&to=2025-03&currency=USD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="revenue-2025-01-to-2025-03.csv"');
    expect((await res.text()).trim().split('\r\n')).toEqual([
      'Currency,Month,Package ID,Package,Lines,Amount',
      `USD,2025-02,${pkg},Web Hosting,1,25.0000`,
    ]);
    const eur = await owner.get('/admin/reports/revenue.csv?from=2025-01&to=2025-03&currency=EUR');
    expect((await eur.text()).trim().split('\r\n')).toHaveLength(1);
  });
});

describe('GET /admin/reports/mrr', () => {
  it('shows MRR, new, churned, net new and the churn rate per month, with the chart', async () => {
    const res = await owner.get('/admin/reports/mrr?from=2025-01&to=2025-04');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain('id="chart-mrr-USD"');
    expect(html).toContain('Churn rate = churned ÷ MRR at start');
    expect(html).toContain('37.50%');
  });

  it('exports the months as CSV, negative figures as plain numbers', async () => {
    const res = await owner.get('/admin/reports/mrr.csv?from=2025-01&to=2025-04&currency=USD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await res.text()).trim().split('\r\n')).toEqual([
      'Month,Currency,MRR at start,New MRR,Churned MRR,Net new MRR,MRR at end,Churn rate %',
      '2025-01,USD,15.0000,0.0000,0.0000,0.0000,15.0000,0.00',
      '2025-02,USD,15.0000,25.0000,0.0000,25.0000,40.0000,0.00',
      '2025-03,USD,40.0000,0.0000,0.0000,0.0000,40.0000,0.00',
      '2025-04,USD,40.0000,0.0000,15.0000,-15.0000,25.0000,37.50',
    ]);
  });
});

describe('GET /admin/reports/tax', () => {
  it('shows tax by country and rate for the period, with the chart and totals', async () => {
    const res = await owner.get('/admin/reports/tax?from=2025-01-01&to=2025-03-31');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain('id="chart-tax-USD"');
    expect(html).toContain('MwSt');
    expect(html).toContain('<td class="num">4.75</td>');
    expect(html).not.toContain('4.7500');
    expect(html).toMatch(/Total USD<\/th>/);
  });

  it('defaults to the last full quarter', async () => {
    const html = await textOf(await owner.get('/admin/reports/tax'));
    const now = new Date();
    const q = Math.floor(now.getUTCMonth() / 3);
    const from = new Date(Date.UTC(now.getUTCFullYear(), (q - 1) * 3, 1)).toISOString().slice(0, 10);
    const to = new Date(Date.UTC(now.getUTCFullYear(), q * 3, 0)).toISOString().slice(0, 10);
    expect(html).toContain(`${from} to ${to}`);
  });

  it('exports the rows as CSV', async () => {
    const res = await owner.get('/admin/reports/tax.csv?from=2025-01-01&to=2025-03-31');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="tax-2025-01-01-to-2025-03-31.csv"');
    expect((await res.text()).trim().split('\r\n')).toEqual([
      'Currency,Country,Tax,Rate,Reverse charge,Invoices,Credit notes,Net amount,Tax amount',
      'USD,DE,MwSt,19.0000,no,1,0,25.0000,4.7500',
    ]);
  });
});

describe('junk filters', () => {
  const cases: [string, string, string][] = [
    ['/admin/reports/revenue', 'from=2025-13', 'YYYY-MM'],
    ['/admin/reports/revenue', 'to=%3Cscript%3E', 'YYYY-MM'],
    ['/admin/reports/revenue', 'from=2025-06&to=2025-01', 'must not be after'],
    ['/admin/reports/revenue', 'from=2000-01&to=2025-01', 'at most 120 months'],
    ['/admin/reports/revenue', 'currency=usd', 'three capital letters'],
    ['/admin/reports/mrr', 'from=2025-1', 'YYYY-MM'],
    ['/admin/reports/mrr', 'currency=DOLLARS', 'three capital letters'],
    ['/admin/reports/tax', 'from=2025-02-30&to=2025-03-31', 'YYYY-MM-DD'],
    ['/admin/reports/tax', 'from=2025-01-01', 'Give the last day'],
    ['/admin/reports/tax', 'from=2025-04-01&to=2025-01-01', 'must not be after'],
    ['/admin/reports/tax', 'to=1e9', 'YYYY-MM-DD'],
  ];
  it('answers each with 422 and the message by its field, and JSON for the CSV', async () => {
    for (const [path, query, message] of cases) {
      const field = /^(\w+)=/.exec(query)![1]!;
      const where = message === 'Give the last day' ? 'to' : message === 'must not be after' ? 'from' : field;
      const res = await owner.get(`${path}?${query}`);
      expect(res.status, `${path}?${query}`).toBe(422);
      const html = await textOf(res);
      expect(html, `${path}?${query}`).toMatch(new RegExp(`id="f-${where}-error"[^>]*>[^<]*${message}`));
      const csv = await owner.get(`${path}.csv?${query}`);
      expect(csv.status, `${path}.csv?${query}`).toBe(422);
      expect(((await csv.json()) as { errors: Record<string, string> }).errors[where], `${path}.csv?${query}`).toContain(message);
    }
    for (const path of ['/admin/reports/revenue?from=%00', '/admin/reports/mrr.csv?to=%00', '/admin/reports/tax?from=%00&to=2025-01-01']) {
      expect((await owner.get(path)).status, path).toBe(422);
    }
  });
});

describe('GET /admin/reports/aging', () => {
  it('sums what is left to pay per currency, age bucket and client, linking to the client', async () => {
    const res = await owner.get('/admin/reports/aging');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain(`href="/admin/clients/${late}"`);
    // 100 − 10 credit + 20.50, both under 30 days late; 70 at 45 days; the paid one and the one not yet due are left out.
    const cell = (v: string) => `<td class="num">${v}</td>`;
    expect(html).toContain(cell('110.50'));
    expect(html).toContain(cell('70.00'));
    expect(html).toContain(cell('50.00'));
    expect(html).not.toContain(cell('999.00'));
    expect(html).not.toContain(cell('7.00'));
    // A styled table, as on the other reports, that scrolls on a narrow screen.
    expect(html).toMatch(/<div class="table-wrap"><table class="table">/);
  });

  it('filters by currency, and its CSV has exactly the rows shown with formulas defused', async () => {
    const html = await textOf(await owner.get('/admin/reports/aging?currency=EUR'));
    expect(html).toContain('<td class="num">50.00</td>');
    expect(html).not.toContain('110.50');
    const res = await owner.get('/admin/reports/aging.csv?currency=USD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="outstanding-by-age-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines).toEqual([
      'Currency,Days past due,Client ID,Client,Invoices,Amount due',
      `USD,0-30,${late},'=Late Payer,2,110.5000`,
      `USD,31-60,${late},'=Late Payer,1,70.0000`,
    ]);
  });

  it('answers a junk currency with 422 and the message by the field, and JSON for the CSV', async () => {
    for (const junk of ['usd', 'DOLLARS', '<script>', '%00']) {
      const res = await owner.get(`/admin/reports/aging?currency=${encodeURIComponent(junk)}`);
      expect(res.status, junk).toBe(422);
      expect(await textOf(res)).toContain('three capital letters');
      const csv = await owner.get(`/admin/reports/aging.csv?currency=${encodeURIComponent(junk)}`);
      expect(csv.status, junk).toBe(422);
      expect(((await csv.json()) as { errors: { currency: string } }).errors.currency).toContain('three capital letters');
    }
  });
});
