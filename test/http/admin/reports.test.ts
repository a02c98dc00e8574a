import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { billingFixtures } from '../../integration/billing-runs-fixtures.ts';
import { textOf } from '../fixtures.ts';

// Reports: each page and its CSV, and junk filters answered 422 by the field, never 500.

let t: TestApp;
let owner: Client;
let late: number;

beforeAll(async () => {
  t = await makeTestApp();
  owner = await staffClient(t, 'owner');
  const f = billingFixtures(t.orm);
  await f.basics();
  late = await f.client('=Late Payer');
  const other = await f.client('Euro Buyer');
  const inv = (client: number, currency: string, total: string, credit: string, daysLate: number, status = 'unpaid') =>
    f.sql(`insert into invoice (client_id, status, currency, subtotal, tax, total, credit_applied, due_date) values (?, ?, ?, ?, 0, ?, ?, current_date - ?::int)`, [client, status, currency, total, total, credit, daysLate]);
  await inv(late, 'USD', '100.0000', '10.0000', 5);
  await inv(late, 'USD', '20.5000', '0', 10);
  await inv(late, 'USD', '70.0000', '0', 45);
  await inv(late, 'USD', '999.0000', '0', 45, 'paid');
  await inv(other, 'EUR', '50.0000', '0', 120);
  await inv(other, 'EUR', '7.0000', '0', -3);
});
afterAll(() => t.close());

describe('GET /admin/reports', () => {
  it('lists the reports', async () => {
    const res = await owner.get('/admin/reports');
    expect(res.status).toBe(200);
    expect(await textOf(res)).toContain('href="/admin/reports/aging"');
  });
});

describe('GET /admin/reports/aging', () => {
  it('sums what is left to pay per currency, age bucket and client, linking to the client', async () => {
    const res = await owner.get('/admin/reports/aging');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toContain(`href="/admin/clients/${late}"`);
    // 100 − 10 credit + 20.50, both under 30 days late; 70 at 45 days; the paid one and the one not yet due are left out.
    expect(html).toContain('110.5000');
    expect(html).toContain('70.0000');
    expect(html).toContain('50.0000');
    expect(html).not.toContain('999.0000');
    expect(html).not.toContain('7.0000');
  });

  it('filters by currency, and its CSV has exactly the rows shown with formulas defused', async () => {
    const html = await textOf(await owner.get('/admin/reports/aging?currency=EUR'));
    expect(html).toContain('50.0000');
    expect(html).not.toContain('110.5000');
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
