// The audit trail in Chromium: staff rename a package, its page's history card (loaded by htmx)
// shows the change; the trail's page filters without a reload, and works at phone width.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure } from '../helpers/browser.ts';
import { makePackage, seedBasics } from '../http/fixtures.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

let t: TestApp;
let b: Awaited<ReturnType<typeof openBrowser>>;
let packageId: number;
const STAFF = 'auditor@example.com';
const PASSWORD = 'a long enough secret';

shotsOnFailure('audit-trail', () => b?.page);

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  packageId = await makePackage(t, catalogId, 'Starter VPS');
  await createStaff(t.em(), { email: STAFF, password: PASSWORD, name: 'Audra Auditor', role: 'owner' });
  b = await openBrowser(t);
}, 60_000);
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('the audit trail', () => {
  it('1. a rename shows in the package’s history card', async () => {
    const { page, base } = b;
    await b.signIn(STAFF, PASSWORD);
    await page.goto(`${base}/admin/packages/${packageId}`);
    await page.getByLabel('Name').fill('Starter VPS 2027');
    await page.getByRole('button', { name: 'Save summary' }).click();
    await page.waitForURL(/saved=1/);
    const card = page.locator('section.history');
    await card.locator('ins', { hasText: 'Starter VPS 2027' }).waitFor();
    expect(await card.locator('del').first().textContent()).toBe('Starter VPS');
    await card.scrollIntoViewIfNeeded();
    await b.shot('audit-01-history-card');
  });

  it('2. the trail filters by who and what without a reload', async () => {
    const { page, base } = b;
    await page.goto(`${base}/admin/audit`);
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await b.mark();
    await b.settled(() => page.getByLabel('Record', { exact: true }).selectOption('package'));
    await page.locator('#audit-results').getByText('1 entry').waitFor();
    expect(await b.marked()).toBe(true);
    expect(page.url()).toContain('object=package');
    expect(await page.locator('#audit-results td', { hasText: STAFF }).count()).toBe(1);
    await b.shot('audit-02-trail');
    await page.setViewportSize({ width: 390, height: 844 });
    await b.shot('audit-03-trail-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(b.problems).toEqual([]);
  });
});
