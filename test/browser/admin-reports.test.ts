// Reports in Chromium: outstanding balances by age, its currency filter swapped in by htmx without a
// full reload and also working as a plain form without JavaScript, at 1280 and 390 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure } from '../helpers/browser.ts';
import { billingFixtures } from '../integration/billing-runs-fixtures.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

let t: TestApp;
let b: Awaited<ReturnType<typeof openBrowser>>;
const STAFF = 'reports@example.com';
const PASSWORD = 'a long enough secret';

shotsOnFailure('admin-reports', () => b?.page);

beforeAll(async () => {
  t = await makeTestApp();
  const f = billingFixtures(t.orm);
  await f.basics();
  const usd = await f.client('Dollar Debtor');
  const eur = await f.client('Euro Debtor');
  await f.sql(`insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'USD', 40, 0, 40, current_date - 12), (?, 'unpaid', 'EUR', 65, 0, 65, current_date - 100)`, [usd, eur]);
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
