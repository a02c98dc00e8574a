// Reports in Chromium: outstanding balances by age, its currency filter swapped in by htmx without a
// full reload and also working as a plain form without JavaScript, at 1280 and 390 px; revenue, MRR
// and tax each with its chart drawn over its table (screenshots in /tmp/shots/report-<name>.png).
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure } from '../helpers/browser.ts';
import { billingFixtures, snapshotOf } from '../integration/billing-runs-fixtures.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

let t: TestApp;
let b: Awaited<ReturnType<typeof openBrowser>>;
const STAFF = 'reports@example.com';
const PASSWORD = 'a long enough secret';

shotsOnFailure('admin-reports', () => b?.page);

beforeAll(async () => {
  t = await makeTestApp();
  const f = billingFixtures(t.orm);
  const pkg = await f.basics();
  const usd = await f.client('Dollar Debtor');
  const eur = await f.client('Euro Debtor');
  await f.sql(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'USD', 40, 0, 40, current_date - 12), (?, 'unpaid', 'EUR', 65, 0, 65, current_date - 100)`,
    [usd, eur],
  );
  // Revenue over the last months, MRR that grows then loses one, tax in the last full quarter.
  for (const [amount, started, ended] of [
    ['25.0000', '200 days', null],
    ['40.0000', '150 days', null],
    ['15.0000', '120 days', '30 days'],
    ['60.0000', '60 days', null],
  ] as const) {
    const [s] = await f.sql<{ id: number }>(
      `insert into service (client_id, package_id, status, price_snapshot, provisioned_at, created_at, updated_at) values (?, ?, ?, ?::jsonb, now() - ?::interval, now() - ?::interval, now()) returning id`,
      [
        usd,
        pkg,
        ended ? 'terminated' : 'active',
        JSON.stringify(snapshotOf({ intervalCount: 1, period: 'month' }, amount, 'USD')),
        started,
        started,
      ],
    );
    if (ended)
      await f.sql(
        `insert into service_event (service_id, from_status, to_status, created_at) values (?, 'active', 'terminated', now() - ?::interval)`,
        [s!.id, ended],
      );
    for (const back of [10, 40, 70, 100]) {
      const [inv] = await f.sql<{ id: number }>(
        `insert into invoice (client_id, status, currency, subtotal, tax, total, tax_rate, due_date, created_at, paid_at) values (?, 'paid', 'USD', ?, round(?::numeric * 0.19, 2), ?::numeric + round(?::numeric * 0.19, 2), 19, current_date, now() - ?::interval, now() - ?::interval) returning id`,
        [usd, amount, amount, amount, amount, `${back} days`, `${back} days`],
      );
      await f.sql(
        `insert into invoice_line (invoice_id, kind, description, amount, taxable, service_id) values (?, 'service', 'Hosting', ?, true, ?)`,
        [inv!.id, amount, s!.id],
      );
    }
  }
  await f.sql(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, tax_rate, due_date, created_at, paid_at) values (?, 'paid', 'EUR', 80, 16, 96, 20, current_date, date_trunc('quarter', now()) - interval '20 days', date_trunc('quarter', now()) - interval '20 days')`,
    [eur],
  );
  await f.sql(`insert into tax_rate (country, name, rate) values ('FR', 'TVA', 20)`);
  await f.sql(`update invoice set buyer = '{"country": "FR"}'::jsonb where currency = 'EUR' and status = 'paid'`);
  await createStaff(t.em(), { email: STAFF, password: PASSWORD, name: 'Rita Reports', role: 'owner' });
  b = await openBrowser(t);
}, 60_000);
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('outstanding balances by age', () => {
  it('filters by currency with htmx without a full reload, at 1280 and 390 px', async () => {
    const { page, base } = b;
    await b.signIn(STAFF, PASSWORD);
    await page.goto(`${base}/admin/reports`);
    await page.getByRole('link', { name: 'Outstanding balances by age' }).first().click();
    await page.getByRole('heading', { name: 'Outstanding balances by age' }).waitFor();
    expect(await page.locator('#aging-results').textContent()).toMatch(/Euro Debtor[\s\S]*Dollar Debtor/);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.getByLabel('Currency').fill('EUR');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/currency=EUR/);
    await page.locator('#aging-results', { hasNotText: 'Dollar Debtor' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await b.shot('admin-reports-aging-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await b.shot('admin-reports-aging-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(b.problems).toEqual([]);
  });
});

describe('revenue, MRR and tax', () => {
  for (const [name, link, heading, charts] of [
    ['revenue', 'Revenue by month and package', 'Revenue by month and package', ['chart-revenue-report']],
    ['mrr', 'MRR and churn', 'MRR and churn', ['chart-mrr-USD']],
    ['tax', 'Tax collected', 'Tax collected', ['chart-tax-USD', 'chart-tax-EUR']],
  ] as const) {
    it(`${name}: renders with its chart drawn over its table`, async () => {
      const { page, base } = b;
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${base}/admin/reports`);
      await page.getByRole('link', { name: link }).first().click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      for (const id of charts) await page.locator(`#${id} .chart-plot`).locator('svg, canvas').first().waitFor();
      expect(await page.locator('.table-wrap > table:not(.compact) tbody').first().textContent()).toMatch(/\d+\.\d{2}/);
      await mkdir('/tmp/shots', { recursive: true });
      await page.screenshot({ path: `/tmp/shots/report-${name}.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `/tmp/shots/report-${name}-390.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(b.problems).toEqual([]);
    });
  }

  it('swaps the revenue results with htmx when the months change', async () => {
    const { page, base } = b;
    await page.goto(`${base}/admin/reports/revenue`);
    await page.locator('#chart-revenue-report .chart-plot').locator('svg, canvas').first().waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.getByLabel('Currency').fill('EUR');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/currency=EUR/);
    await page.locator('#revenue-results', { hasText: 'Nothing was received' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(b.problems).toEqual([]);
  });
});
