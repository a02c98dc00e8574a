// Development without SMTP_URL, in real Chromium with a real worker behind the app: a client
// orders and pays, the worker provisions the service and "sends" its welcome email, and staff read
// it in the admin's Mail inbox (the HTML in a sandboxed frame, then the text), at 1280 and 390 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { startBackground, type Background } from '../helpers/background.ts';
import { openBrowser, shotsOnFailure, type OpenBrowser } from '../helpers/browser.ts';
import { until } from '../helpers/wait.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveWelcomeEmail } from '../../src/modules/catalog/save-welcome-email.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

const CLIENT = `ines-${process.pid}@example.com`;
const STAFF = 'inbox-owner@example.com';
const PASSWORD = 'correct horse battery';
const prefix = `hbinboxui${process.pid}${Date.now().toString(36)}`;

let t: TestApp;
let background: Background;
let b: OpenBrowser;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

shotsOnFailure('dev-inbox', () => b?.page);

beforeAll(async () => {
  // No SMTP_URL: mail goes to the built-in inbox.
  t = await makeTestApp({ QUEUE_PREFIX: prefix, JOB_BACKOFF_MS: '100' });
  expect(t.config.SMTP_URL).toBeUndefined();
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  const catalog = await createCatalog(t.em(), { name: 'Cloud servers', description: 'Virtual machines.' });
  const vps = await createPackage(t.em(), { catalogId: catalog.id, name: 'VPS Small', description: '<p>2 vCPU, 4 GB RAM.</p>' });
  await savePrice(t.em(), vps.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '12.00',
  });
  await saveWelcomeEmail(t.em(), vps.id, {
    language: 'en',
    subject: 'Your {package.name} #{service.id} is ready',
    html: '<h1>Welcome aboard, {client.name}</h1><p>Your server is being set up.</p>',
    text: 'Welcome aboard, {client.name}. Your server is being set up.',
  });
  await createStaff(t.em(), { email: STAFF, password: PASSWORD, name: 'Olga Owner', role: 'owner' });
  background = await startBackground(t, ['provisioning', 'mail']);
  b = await openBrowser({ ...t, app: background.app });
});
afterAll(async () => {
  await b?.close();
  await background?.close();
  await t?.close();
});

describe('the built-in inbox in a real browser', () => {
  let serviceId = 0;

  it('1. a client orders and pays; the welcome email lands in the inbox, not at an SMTP server', async () => {
    const { page, base } = b;
    await b.signUpClient('Inès Example', CLIENT);
    await page.goto(`${base}/store/vps-small`);
    await page.getByRole('button', { name: 'Order now' }).click();
    await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+$`));
    await b.payWithTestGateway(Number(page.url().split('/').pop()));
    await until(
      async () => (await sql(`select id from dev_inbox_message where "to" = ? and subject like '%is ready'`, [CLIENT])).length === 1,
      20_000,
    );
    serviceId = (
      await sql<{ id: number }>('select s.id from service s join client c on c.id = s.client_id where c.email = ?', [CLIENT])
    )[0]!.id;
    // NOTE: the message lands in the inbox a moment before its answer is stored with it.
    await until(
      async () => (await sql(`select id from mail_message where "to" = ? and kind = 'welcome' and status = 'sent'`, [CLIENT])).length === 1,
      20_000,
    );
    const [mail] = await sql<{ smtp_response: string }>(`select smtp_response from mail_message where "to" = ? and kind = 'welcome'`, [
      CLIENT,
    ]);
    expect(mail!.smtp_response).toContain('built-in inbox');
  });

  it('2. staff find it from the menu and read its HTML in a sandboxed frame', async () => {
    const { page } = b;
    await b.signIn(STAFF, PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByText('More').click();
    await nav.getByRole('link', { name: 'Mail inbox' }).click();
    await page.getByRole('heading', { name: 'Mail inbox', level: 1 }).waitFor();
    const row = page.locator('#inbox-results tbody tr', { hasText: `Your VPS Small #${serviceId} is ready` });
    await row.waitFor();
    expect(await row.textContent()).toContain(CLIENT);
    // The order's invoice email came too, with its PDF.
    expect(
      await page
        .locator('#inbox-results tbody tr', { hasText: /Invoice INV-\S+ from/ })
        .locator('td.num')
        .first()
        .textContent(),
    ).toBe('1');
    await page.screenshot({ path: '/tmp/inbox-list-1280.png', fullPage: true });
    await row.getByRole('link', { name: `Your VPS Small #${serviceId} is ready` }).click();
    await page.getByRole('heading', { name: `Your VPS Small #${serviceId} is ready`, level: 1 }).waitFor();
    const frame = page.frameLocator('iframe[sandbox]');
    await frame.getByRole('heading', { name: 'Welcome aboard, Inès Example' }).waitFor();
    expect(await page.locator('iframe[sandbox]').getAttribute('sandbox')).toBe('');
    // The email's HTML is only in the frame, never part of the admin page.
    expect(await page.locator('main h1', { hasText: 'Welcome aboard' }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/inbox-html-1280.png', fullPage: true });
  });

  it('3. reads its text version, and fits a phone', async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'Text', exact: true }).click();
    await page.locator('pre.preview-text', { hasText: 'Welcome aboard, Inès Example. Your server is being set up.' }).waitFor();
    expect(await page.locator('iframe').count()).toBe(0);
    await page.screenshot({ path: '/tmp/inbox-text-1280.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/inbox-text-390.png', fullPage: true });
    await page.getByRole('link', { name: 'HTML', exact: true }).click();
    await page.frameLocator('iframe[sandbox]').getByRole('heading', { name: 'Welcome aboard, Inès Example' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/inbox-html-390.png', fullPage: true });
    await page.goto(`${b.base}/admin/inbox`);
    await page.locator('#inbox-results tbody tr').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/inbox-list-390.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('had no console errors, page errors or CSP violations', () => {
    expect(b.problems).toEqual([]);
  });
});
