// A German business in France, end to end in Chromium: its order's invoice arrives as a German
// email with the PDF attached; the client area is in German; the PDF downloaded from it is German
// and says reverse charge; staff find the email in the client's message log and send it again.
// Real outbox, mail worker and an SMTP server in this process.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure, type OpenBrowser } from '../helpers/browser.ts';
import { startMailWorker } from '../helpers/mail-worker.ts';
import { until } from '../helpers/wait.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { createApp } from '../../src/app.ts';
import { hashPassword } from '../../src/modules/auth/password.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import { saveSellerDetails } from '../../src/modules/settings/seller-details.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay, type Relay } from '../../src/queue/relay.ts';

const STAFF = 'owner@german-invoice.example';
const CLIENT = 'juergen@exemple-sarl.example';
const PASSWORD = 'a long enough secret';

let m: Awaited<ReturnType<typeof startMailWorker>>;
let queues: ReturnType<typeof createQueues>;
let relay: Relay;
let t: TestApp;
let client: OpenBrowser;
let staff: OpenBrowser;
let clientId: number;
let invoiceId: number;
let number: string;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => m.db.orm.em.getConnection().execute<T[]>(q, p);
const em = () => m.db.orm.em.fork();
const toClient = () => m.smtp.received.filter((r) => r.to.includes(CLIENT));

shotsOnFailure('german-invoice', () => client?.page);

beforeAll(async () => {
  m = await startMailWorker('hbdeinv', { PUBLIC_URL: 'https://billing.example.com' });
  queues = createQueues(m.redis, m.prefix, 200);
  relay = createRelay(m.db.orm, queues);
  t = { app: createApp({ orm: m.db.orm, config: m.config, relay }), orm: m.db.orm, config: m.config, em, close: async () => {} };
  await sql(`insert into language (code, name, is_default) values ('en', 'English', true), ('de', 'Deutsch', false)`);
  await saveCurrency(em(), { code: 'EUR', name: 'Euro', rate: '1', isDefault: '1' });
  await saveTaxRate(em(), { country: 'FR', name: 'TVA', rate: '20' });
  await saveSellerDetails(em(), { name: 'Hostbill GmbH', address: 'Torstr. 5\n10119 Berlin', country: 'DE', vatId: 'DE123456789' });
  const catalog = await createCatalog(em(), { name: 'Server' });
  const vps = await createPackage(em(), { catalogId: catalog.id, name: 'VPS Small' });
  await savePrice(em(), vps.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'EUR',
    price: '1234.50',
  });
  await createStaff(em(), { email: STAFF, password: PASSWORD, name: 'Olga Owner', role: 'owner' });
  const [row] = await sql<{ id: number }>(
    `insert into client (email, name, country, currency, language, company, address, vat_id, password_hash) values (?, 'Jürgen Weiß', 'FR', 'EUR', 'de', 'Exemple SARL', '12 rue de la Paix\n75002 Paris', 'FRXX123456789', ?) returning id`,
    [CLIENT, await hashPassword(PASSWORD)],
  );
  clientId = row!.id;
  const { invoice } = await placeOrder(em(), { clientId, packageId: vps.id, priceName: 'Monthly' }, new Date());
  invoiceId = invoice.id;
  number = invoice.number!;
  relay.kick();
  client = await openBrowser(t);
  staff = await openBrowser(t);
}, 60_000);
afterAll(async () => {
  await client?.close();
  await staff?.close();
  await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
  await m?.close();
});

describe('a German client in France and the invoice of their order', () => {
  it('1. gets the invoice by email in German, the PDF attached', async () => {
    await until(() => toClient().length === 1, 20_000);
    const [mail] = toClient();
    expect(mail!.subject).toBe(`Ihre Rechnung ${number} von Hostbill GmbH`);
    expect(mail!.raw).toMatch(/Content-Type: application\/pdf/i);
    expect(mail!.raw).toContain(`filename=invoice-${number}.pdf`);
    // Amounts as German writes them (the body as stored and sent).
    const [{ text }] = (await sql<{ text: string }>(`select text from mail_message where dedupe_key = ?`, [
      `invoice_issued:${invoiceId}`,
    ])) as [{ text: string }];
    expect(text).toContain('1.234,50 EUR');
    expect(text).not.toContain('1,234.50');
  });

  it('2. signs in to a German client area and opens the invoice, which says reverse charge', async () => {
    const { page, base } = client;
    // Signed out, the browser's English counts; signed in, the profile's German.
    await page.goto(`${base}/account/sign-in`);
    await page.locator('input[name=email]').fill(CLIENT);
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('form[action="/account/sign-in"] button[type=submit]').click();
    await page.waitForURL(/\/account(\/services)?(\?.*)?$/);
    await page.goto(`${base}/account/invoices/${invoiceId}`);
    await page.getByRole('heading', { name: new RegExp(`^Rechnung ${number}`) }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('1.234,50 EUR');
    expect(main).not.toContain('Amount due');
    expect(main).toContain('MwSt. (0 %, Reverse Charge)');
    // The order's line was written in German at checkout, German dates and all.
    expect(main).toMatch(/VPS Small \(Monthly\), \d{2}\.\d{2}\.\d{4} bis \d{2}\.\d{2}\.\d{4}/);
    expect(await page.locator('#reverse-charge').textContent()).toMatch(/^Steuerschuldnerschaft des Leistungsempfängers/);
    await client.shot('german-invoice-01-invoice-page');
  });

  it('3. downloads the PDF: German, the stored totals, the reverse-charge note', async () => {
    const { page } = client;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`a[href="/account/invoices/${invoiceId}/pdf"]`).first().click(),
    ]);
    expect(download.suggestedFilename()).toBe(`invoice-${number}.pdf`);
    const text = pdfText(await readFile(await download.path()));
    for (const words of [
      'Rechnung',
      number,
      'RECHNUNG AN',
      'Exemple SARL',
      'USt-IdNr.: FRXX123456789',
      'Offener Betrag',
      '1.234,50 EUR',
      'MwSt. (0 %, Reverse Charge)',
      'Steuerschuldnerschaft des Leistungsempfängers',
    ])
      expect(text).toContain(words);
    expect(text).toMatch(/VPS Small \(Monthly\), \d{2}\.\d{2}\.\d{4} bis \d{2}\.\d{2}\.\d{4}/);
    expect(client.problems).toEqual([]);
  });

  it('4. staff find the email in the message log and send it again', async () => {
    const { page, base } = staff;
    await staff.signIn(STAFF, PASSWORD);
    await page.goto(`${base}/admin/clients/${clientId}`);
    const card = page.locator('#messages');
    await card.getByRole('link', { name: `Ihre Rechnung ${number} von Hostbill GmbH` }).click();
    await page.getByRole('heading', { name: `Ihre Rechnung ${number} von Hostbill GmbH`, level: 1 }).waitFor();
    await staff.shot('german-invoice-02-message');
    await page.getByRole('button', { name: 'Resend' }).click();
    await page.getByText(`A copy is on its way to ${CLIENT}`).waitFor();
    relay.kick();
    await until(() => toClient().length === 2, 20_000);
    expect(toClient().map((r) => r.subject)).toEqual([
      `Ihre Rechnung ${number} von Hostbill GmbH`,
      `Ihre Rechnung ${number} von Hostbill GmbH`,
    ]);
    expect(toClient()[1]!.raw).toMatch(/Content-Type: application\/pdf/i);
    expect(staff.problems).toEqual([]);
  });
});
