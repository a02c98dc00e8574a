// Shared configurable options in real Chromium: staff build an "Extra IPv4" quantity group on one
// package and use it on a second; a client orders 4 extra IPs there (the price following without
// a reload), sees them on the invoice and the service page, then raises them to 6 with a preview.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

const EMAIL = `ips-${process.pid}@example.com`;
const STAFF = { email: `staff-ips-${process.pid}@example.com`, password: 'correct horse battery' };

let t: TestApp;
let b: OpenBrowser;
const ids: Record<string, number> = {};
const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(sql, params);

beforeAll(async () => {
  t = await makeTestApp();
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  const servers = await createCatalog(t.em(), { name: 'Servers' });
  const monthly = (price: string) => ({ name: 'Monthly', type: 'recurring', intervalCount: 1, period: 'month', currency: 'USD', price });
  ids.vps = (await createPackage(t.em(), { catalogId: servers.id, name: 'VPS Small' })).id;
  await savePrice(t.em(), ids.vps, undefined, monthly('20.00'));
  ids.dedicated = (await createPackage(t.em(), { catalogId: servers.id, name: 'Dedicated' })).id;
  await savePrice(t.em(), ids.dedicated, undefined, monthly('90.00'));
  await createStaff(t.em(), { ...STAFF, name: 'Sam Staff', role: 'owner' });
  b = await openBrowser(t);
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('shared options, in Chromium', () => {
  it('1. staff build "Extra IPv4" (a quantity, upgradable) on the VPS and use it on the dedicated server too', async () => {
    const { page, base } = b;
    await b.signIn(STAFF.email, STAFF.password);
    await page.goto(`${base}/admin/packages/${ids.vps}/variants`);
    await page.getByLabel('New option group').fill('Extra IPv4');
    await b.settled(() => page.getByRole('button', { name: 'Add group' }).click());
    await page.locator('.group-settings summary').click();
    await page.getByLabel('Type').selectOption('quantity');
    await page.getByLabel('Quantity: at least').fill('0');
    await page.getByLabel('Quantity: at most').fill('16');
    await page.getByLabel(/Clients may change it/).check();
    await b.settled(() => page.getByRole('button', { name: 'Save group', exact: true }).click());
    expect(await page.locator('.group-settings summary').textContent()).toContain('Quantity 0–16 · changeable on active services');
    await page.getByLabel('New option name').fill('IPv4 address');
    await page.getByLabel('Monthly (USD) price').fill('2.00');
    await b.settled(() => page.getByRole('button', { name: 'Add option' }).click());
    await b.shot('options-01-group');
    // On a phone the page fits, and the group's name field is wide enough to read what it holds.
    await page.setViewportSize({ width: 390, height: 844 });
    await b.shot('options-01-group-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect((await page.getByLabel('Group name').boundingBox())!.width).toBeGreaterThan(200);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto(`${base}/admin/packages/${ids.dedicated}/variants`);
    await page.getByLabel('Extra IPv4').check();
    await b.settled(() => page.getByRole('button', { name: 'Save groups used' }).click());
    await page.getByText('Shared with VPS Small').waitFor();
    expect(await page.getByLabel('Group name').inputValue()).toBe('Extra IPv4');
    await b.shot('options-02-shared');
  });

  it('2. a client orders the dedicated server with 4 extra IPs and sees them on the invoice and the service page', async () => {
    const { page, base } = b;
    await page.context().clearCookies();
    await b.signUpClient('Ivy Ips', EMAIL);
    await page.goto(`${base}/store/dedicated`);
    expect(await page.locator('#summary-total').textContent()).toBe('90.00 USD');
    await b.mark();
    await page.getByLabel('Extra IPv4 (IPv4 address)').fill('4');
    await page.getByLabel('Extra IPv4 (IPv4 address)').press('Tab');
    await page.locator('#summary-total', { hasText: '98.00 USD' }).waitFor();
    expect(await b.marked()).toBe(true);
    await b.shot('options-03-store');
    await page.getByRole('button', { name: 'Order now' }).click();
    await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+$`));
    const invoiceId = Number(page.url().split('/').pop());
    expect(await page.locator('main').textContent()).toContain('Extra IPv4: 4 × IPv4 address');
    await b.payWithTestGateway(invoiceId);
    const [s] = await db<{ id: number }>(
      `update service set status = 'active' where client_id = (select id from client where email = ?) returning id`,
      [EMAIL],
    );
    ids.service = s!.id;
    await page.goto(`${base}/account/services/${ids.service}`);
    expect(await page.locator('main').textContent()).toContain('Extra IPv4: 4 × IPv4 address');
  });

  it('3. raises them to 6 with a preview, pays the difference, and the service has 6', async () => {
    const { page, base } = b;
    await page.getByRole('link', { name: 'Change package or options' }).click();
    await page.waitForURL(`${base}/account/services/${ids.service}/change`);
    // Its own package is the one thing to change: the form starts from the 4 it has.
    expect(await page.getByLabel('Extra IPv4 (IPv4 address)').inputValue()).toBe('4');
    await b.mark();
    await page.getByLabel('Extra IPv4 (IPv4 address)').fill('6');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/change/preview')),
      page.getByRole('button', { name: 'Preview' }).click(),
    ]);
    await page.locator('#change-preview').getByText('with Extra IPv4: 6 × IPv4 address').first().waitFor();
    expect(await b.marked()).toBe(true);
    await b.shot('options-04-change-preview');
    await page.getByRole('button', { name: /^Confirm and pay/ }).click();
    await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+`));
    const invoiceId = Number(/invoices\/(\d+)/.exec(page.url())![1]);
    await page.goto(`${base}/account/invoices/${invoiceId}`);
    await b.payWithTestGateway(invoiceId);
    await page.goto(`${base}/account/services/${ids.service}`);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Extra IPv4: 6 × IPv4 address');
    expect(text).toContain('102.00 USD before tax');
    await b.shot('options-05-service');
    expect(b.problems).toEqual([]);
  });
});
