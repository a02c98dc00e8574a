// The admin home in Chromium: the figures, the three charts drawn over their tables, at desktop
// and phone widths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure } from '../helpers/browser.ts';
import { billingFixtures, snapshotOf } from '../integration/billing-runs-fixtures.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

let t: TestApp;
let b: Awaited<ReturnType<typeof openBrowser>>;
const STAFF = 'home@example.com';
const PASSWORD = 'a long enough secret';

shotsOnFailure('admin-home', () => b?.page);

beforeAll(async () => {
  t = await makeTestApp();
  const f = billingFixtures(t.orm);
  const pkg = await f.basics();
  const client = await f.client('Chart');
  // A service started every ten days over a year, monthly in USD and yearly in EUR; a payment for each.
  await f.sql(
    `insert into service (client_id, package_id, status, price_snapshot, provisioned_at, created_at)
     select ?, ?, 'active', case when g % 3 = 0 then ?::jsonb else ?::jsonb end, now() - g * interval '10 days', now() - g * interval '10 days' from generate_series(1, 36) g`,
    [
      client,
      pkg,
      JSON.stringify(snapshotOf({ intervalCount: 1, period: 'year' }, '240.0000', 'EUR')),
      JSON.stringify(snapshotOf({ intervalCount: 1, period: 'month' }, '25.0000')),
    ],
  );
  const [inv] = await f.sql<{ id: number }>(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'USD', 25, 0, 25, current_date - 5) returning id`,
    [client],
  );
  await f.sql(
    `insert into payment (invoice_id, gateway, reference, amount, currency, created_at) select ?, 'manual', 'P-' || g, 25 * (1 + g % 7), case when g % 3 = 0 then 'EUR' else 'USD' end, now() - g * interval '9 days' from generate_series(1, 40) g`,
    [inv!.id],
  );
  await createStaff(t.em(), { email: STAFF, password: PASSWORD, name: 'Hana Home', role: 'owner' });
  b = await openBrowser(t);
}, 60_000);
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('the admin home', () => {
  it('shows the figures at 1280 and 390 px, the phone without sideways scrolling', async () => {
    const { page, base } = b;
    await b.signIn(STAFF, PASSWORD);
    await page.goto(`${base}/admin`);
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    expect(await page.locator('#fig-overdue').textContent()).toContain('Overdue invoices: 1');
    // 12 yearly EUR services at 240, 24 monthly USD ones at 25.
    expect(await page.locator('#fig-mrr').textContent()).toMatch(/240\.00 EUR.*600\.00 USD/);
    for (const id of ['chart-revenue', 'chart-mrr', 'chart-services']) await page.locator(`#${id} figcaption`).waitFor();
    await b.shot('admin-home-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await b.shot('admin-home-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(b.problems).toEqual([]);
  });

  it('draws every chart over its table', async () => {
    const { page, base } = b;
    await page.goto(`${base}/admin`);
    for (const id of ['chart-revenue', 'chart-mrr', 'chart-services'])
      await page.locator(`#${id} .chart-plot`).locator('svg, canvas').first().waitFor();
    // With the cursor away, each legend shows the latest period's figures as the table prints them, not "--".
    for (const id of ['chart-revenue', 'chart-mrr', 'chart-services']) {
      const legend = (await page.locator(`#${id} .u-legend`).innerText()).replace(/\s+/g, ' ');
      const rows = await page
        .locator(`#${id} .chart-table tbody tr`)
        .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td'), (c) => c.textContent ?? '')));
      expect(legend).not.toContain('--');
      for (const cell of rows.at(-1)!) expect(legend).toContain(cell);
    }
    await b.shot('admin-home-charts-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await b.shot('admin-home-charts-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
