// A client's dashboard and service page in Chromium: the dashboard shows their service, unpaid
// invoices, credit and recent emails, and its Pay button leads through the test gateway to a
// paid invoice; on the service page, Show fetches a hidden password into place without leaving
// the page. Both pages are photographed at 1280 px and on a 390 px phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure, type OpenBrowser } from '../helpers/browser.ts';
import { PLUGIN_DATA, addInvoice, addMessage, seedAccount } from '../helpers/client-account.ts';
import { seedBasics } from '../http/fixtures.ts';
import { storePackage } from '../http/store/helpers.ts';

const EMAIL = `dash-${process.pid}@example.com`;
const SECRET = PLUGIN_DATA['webhook.root_password'];

let t: TestApp;
let b: OpenBrowser;
let account: Awaited<ReturnType<typeof seedAccount>>;
let overdueId = 0;
const sql = <T = { id: number }>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
const phone = async (name: string) => {
  await b.page.setViewportSize({ width: 390, height: 844 });
  await b.shot(name);
  await b.page.setViewportSize({ width: 1280, height: 900 });
};

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  const pkg = await storePackage(t, catalogId, 'Cloud VPS');
  const [instance] = await sql(`insert into plugin_instance (plugin, name, settings) values ('webhook', 'Hooks', '{}') returning id`);
  await sql('update package set plugin_instance_id = ? where id = ?', [instance!.id, pkg.id]);
  b = await openBrowser(t);
  await b.signUpClient('Ada Lovelace', EMAIL);
  const [client] = await sql('select id from client where email = ?', [EMAIL]);
  account = await seedAccount(t, client!.id, pkg.id);
  await addMessage(t, client!.id, 'Your Cloud VPS is ready', '2026-11-30T08:00:00Z');
  await addMessage(t, client!.id, `Invoice #${account.unpaidId} is due on 2027-01-15`, '2027-01-01T10:00:00Z');
  overdueId = await addInvoice(t, client!.id, account.serviceId, {
    status: 'unpaid',
    total: '4.00',
    dueDate: '2026-01-10',
    createdAt: '2026-01-01T10:00:00Z',
  });
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});
shotsOnFailure('client-dashboard', () => b?.page);

describe('the client dashboard and service page in Chromium', () => {
  it('the dashboard shows the service, the unpaid invoices and the credit', async () => {
    const { page, base } = b;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(`${base}/account`);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const services = page.locator('#dashboard-services tbody tr');
    expect(await services.count()).toBe(1);
    expect((await services.first().innerText()).replace(/\s+/g, ' ').trim()).toBe(`Cloud VPS #${account.serviceId} ACTIVE 2027-02-15`);
    const invoices = page.locator('#unpaid-invoices tbody tr');
    expect((await invoices.allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim())).toEqual([
      `#${overdueId} 4.00 USD 2026-01-10 overdue Pay`,
      `#${account.unpaidId} 17.50 USD 2027-01-15 Pay`,
    ]);
    expect(await page.locator('#credit-balance').innerText()).toBe('7.25 USD');
    expect(await page.locator('#recent-messages li').allInnerTexts()).toEqual([
      `2027-01-01 Invoice #${account.unpaidId} is due on 2027-01-15`,
      '2026-11-30 Your Cloud VPS is ready',
    ]);
    await b.shot('client-dashboard-desktop');
    await phone('client-dashboard-phone');
    expect(b.problems).toEqual([]);
  });

  it('its Pay button leads to the invoice, paid through the test gateway', async () => {
    const { page, base } = b;
    await page.getByRole('link', { name: `Pay invoice #${account.unpaidId}` }).click();
    await page.waitForURL(`${base}/account/invoices/${account.unpaidId}`);
    await b.payWithTestGateway(account.unpaidId);
    await page.goto(`${base}/account`);
    expect(await page.locator('#unpaid-invoices tbody tr').count()).toBe(1);
    expect(await page.getByRole('link', { name: `Pay invoice #${account.unpaidId}` }).count()).toBe(0);
  });

  it('the invoice list shows each total on a phone without scrolling sideways', async () => {
    const { page, base } = b;
    await page.goto(`${base}/account/invoices`);
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      const total = page.locator('#invoices tbody tr').first().locator('td strong');
      expect(await total.innerText()).toMatch(/USD$/);
      const box = (await total.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      // Subtotal and tax give way to it; at 1280 px they are there.
      expect(await page.getByRole('columnheader', { name: 'Subtotal' }).isVisible()).toBe(false);
      await b.shot('client-invoices-phone');
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await page.getByRole('columnheader', { name: 'Subtotal' }).isVisible()).toBe(true);
    } finally {
      // The next test starts from the dashboard, as the one before left it.
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${base}/account`);
    }
  });

  it('on the service page, Show reveals the password in place, without a reload', async () => {
    const { page, base } = b;
    await page.getByRole('link', { name: 'Cloud VPS', exact: true }).click();
    const url = `${base}/account/services/${account.serviceId}`;
    await page.waitForURL(url);
    expect(await page.locator('#service-details dt').allInnerTexts()).toEqual(['Username', 'Server', 'Root password']);
    expect(await page.content()).not.toContain(SECRET);
    expect(await page.locator('#service-invoices tbody tr').count()).toBe(3);
    await b.shot('client-service-desktop');
    await phone('client-service-phone');

    await b.mark();
    await b.settled(() => page.getByRole('link', { name: 'Show Root password' }).click());
    await page.locator('#service-details code', { hasText: SECRET }).waitFor();
    expect(await b.marked()).toBe(true);
    expect(page.url()).toBe(url);
    expect(await page.getByRole('link', { name: 'Show Root password' }).count()).toBe(0);
    // The focus moves to the value, not back to the top of the page.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(SECRET);
    await b.shot('client-service-revealed');
    expect(b.problems).toEqual([]);
  });

  it('without JavaScript, Show opens the value on a page of its own', async () => {
    const context = await b.page
      .context()
      .browser()!
      .newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
      const cookies = await b.page.context().cookies();
      await context.addCookies(cookies);
      const page = await context.newPage();
      await page.goto(`${b.base}/account/services/${account.serviceId}`);
      await page.getByRole('link', { name: 'Show Root password' }).click();
      await page.waitForURL(`${b.base}/account/services/${account.serviceId}/details/webhook.root_password`);
      await page.getByRole('heading', { name: 'Root password', level: 1 }).waitFor();
      expect(await page.locator('code').innerText()).toBe(SECRET);
      await page.getByRole('link', { name: 'Back to the service' }).click();
      await page.waitForURL(`${b.base}/account/services/${account.serviceId}`);
    } finally {
      await context.close();
    }
  });

  it('a recent message opens the email as it was sent, and Messages lists them all', async () => {
    const { page, base } = b;
    const [client] = await sql('select id from client where email = ?', [EMAIL]);
    await sql(
      `insert into mail_message (dedupe_key, client_id, kind, "to", subject, html, text, status, created_at)
       values ('dash-mail', ?, 'welcome', ?, 'Welcome aboard', '<h1 style="color: rgb(200, 0, 0)">Welcome, Ada</h1><p>Your login is <b>ada</b>.</p>', 'Welcome, Ada', 'sent', '2027-01-02T08:00:00Z')`,
      [client!.id, EMAIL],
    );
    await page.goto(`${base}/account`);
    await page.locator('#recent-messages').getByRole('link', { name: 'Welcome aboard' }).click();
    await page.getByRole('heading', { name: 'Welcome aboard', level: 1 }).waitFor();
    expect(page.url()).toMatch(new RegExp(`^${base}/account/messages/\\d+$`));
    expect(await page.locator('#message-facts dd').first().innerText()).toBe(EMAIL);
    // The HTML version, rendered in its sandboxed frame.
    const frame = page.frameLocator('iframe[title="The email as sent"]');
    expect(await frame.locator('h1').innerText()).toBe('Welcome, Ada');
    // Styled as sent: its inline style applies (no CSP refusal, which b.problems would hold).
    expect(await frame.locator('h1').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(200, 0, 0)');
    await b.shot('client-message-desktop');
    await phone('client-message-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages' }).click();
    await page.waitForURL(`${base}/account/messages`);
    const rows = (await page.locator('#messages tbody tr').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
    // The receipt of the payment above is dated today and waits for a mail worker (none runs here).
    expect(rows.filter((r) => !r.includes('Thank you for your payment'))).toEqual([
      '2027-01-02 Welcome aboard',
      `2027-01-01 Invoice #${account.unpaidId} is due on 2027-01-15`,
      '2026-11-30 Your Cloud VPS is ready',
    ]);
    expect(rows.filter((r) => r.includes('Thank you for your payment'))).toEqual([
      expect.stringMatching(new RegExp(`^\\d{4}-\\d{2}-\\d{2} Thank you for your payment: invoice #${account.unpaidId} · on its way$`)),
    ]);
    await phone('client-messages-phone');
    expect(b.problems).toEqual([]);
  });
});
