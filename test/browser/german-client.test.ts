// The client area in German, in Chromium: a client whose profile says German sees the dashboard,
// a service page and an invoice in German, with German money and dates, and the longer German
// words fit on a wide screen and on a phone. Each page is photographed at 1280 px and 390 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure, type OpenBrowser } from '../helpers/browser.ts';
import { addInvoice, addMessage, seedAccount } from '../helpers/client-account.ts';
import { seedBasics } from '../http/fixtures.ts';
import { storePackage } from '../http/store/helpers.ts';

const EMAIL = `german-${process.pid}@example.com`;

let t: TestApp;
let b: OpenBrowser;
let account: Awaited<ReturnType<typeof seedAccount>>;
let overdueId = 0;
const sql = <T = { id: number }>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

/** The page at 1280 px and on a 390 px phone; nothing may stick out sideways on the phone. */
async function shots(name: string) {
  await b.shot(`${name}-desktop`);
  await b.page.setViewportSize({ width: 390, height: 844 });
  await b.shot(`${name}-phone`);
  const overflow = await b.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await b.page.setViewportSize({ width: 1280, height: 900 });
  expect(overflow, `${name} is wider than the phone`).toBeLessThanOrEqual(0);
}

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  const pkg = await storePackage(t, catalogId, 'Cloud VPS');
  const [instance] = await sql(`insert into plugin_instance (plugin, name, settings) values ('webhook', 'Hooks', '{}') returning id`);
  await sql('update package set plugin_instance_id = ? where id = ?', [instance!.id, pkg.id]);
  b = await openBrowser(t);
  await b.signUpClient('Ada Lovelace', EMAIL);
  const [client] = await sql('select id from client where email = ?', [EMAIL]);
  await sql(`update client set language = 'de' where id = ?`, [client!.id]);
  account = await seedAccount(t, client!.id, pkg.id);
  await sql(`update invoice_line set description = 'Cloud VPS, Verlängerung 15.01.2027 bis 14.02.2027' where invoice_id = ?`, [
    account.unpaidId,
  ]);
  await addMessage(t, client!.id, 'Ihr Cloud VPS ist bereit', '2026-11-30T08:00:00Z');
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
shotsOnFailure('german-client', () => b?.page);

describe('the client area in German, in Chromium', () => {
  it('shows the dashboard in German', async () => {
    const { page, base } = b;
    await page.goto(`${base}/account`);
    await page.getByRole('heading', { name: 'Übersicht', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    const rows = (await page.locator('#unpaid-invoices tbody tr').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual([`#${overdueId} 4,00 USD 10.01.2026 überfällig Bezahlen`, `#${account.unpaidId} 17,50 USD 15.01.2027 Bezahlen`]);
    expect((await page.locator('#dashboard-services tbody tr').first().innerText()).replace(/\s+/g, ' ').trim()).toBe(
      `Cloud VPS #${account.serviceId} AKTIV 15.02.2027`,
    );
    expect(await page.locator('#credit-balance').innerText()).toBe('7,25 USD');
    await page.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link', { name: 'Rechnungen' }).waitFor();
    await shots('german-client-dashboard');
    expect(b.problems).toEqual([]);
  });

  it('shows an invoice in German', async () => {
    const { page, base } = b;
    await page.getByRole('link', { name: `Rechnung #${account.unpaidId} bezahlen` }).click();
    await page.waitForURL(`${base}/account/invoices/${account.unpaidId}`);
    await page.getByRole('heading', { name: `Rechnung #${account.unpaidId}`, level: 1 }).waitFor();
    expect(await page.locator('#invoice-total').innerText()).toBe('19,50 USD');
    expect(await page.locator('#invoice-total-due').innerText()).toBe('17,50 USD');
    expect((await page.locator('.invoice-lines tfoot').innerText()).replace(/\s+/g, ' ').trim()).toBe(
      'Zwischensumme 19,50 USD Steuer 0,00 USD Gesamt 19,50 USD Verrechnetes Guthaben −2,00 USD Offener Betrag 17,50 USD',
    );
    await page.getByRole('heading', { name: 'Rechnung bezahlen' }).waitFor();
    await shots('german-client-invoice');
    expect(b.problems).toEqual([]);
  });

  it('shows a service in German', async () => {
    const { page, base } = b;
    await page.goto(`${base}/account/services/${account.serviceId}`);
    await page.getByRole('heading', { name: 'Zugangsdaten' }).waitFor();
    expect(await page.locator('#service-invoices tbody tr').count()).toBe(3);
    await page.getByRole('button', { name: 'Zum Laufzeitende kündigen' }).waitFor();
    await shots('german-client-service');
    await b.settled(() => page.getByRole('link', { name: 'Root password anzeigen' }).click());
    await page.locator('#service-details code', { hasText: 'hunter2-Secret!' }).waitFor();
    expect(b.problems).toEqual([]);
  });
});
