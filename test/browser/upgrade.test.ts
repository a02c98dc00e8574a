// A client upgrades a service mid-period in real Chromium: the service page offers the change,
// the preview follows the choices through htmx (no reload), confirming raises an invoice for
// the difference, the test gateway pays it, and the service shows its new package. Then staff
// run billing today (invoices made as far ahead as the renewal) and see the run that invoiced
// it at the new price.
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { createApp } from '../../src/app.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { setScalingTargets } from '../../src/modules/catalog/set-scaling-targets.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { processRenewalBatch } from '../../src/modules/billing/process-renewal-batch.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { addTerms } from '../../src/modules/pricing/rules/billing-cycle.ts';
import { scaleService } from '../../src/modules/pricing/rules/scaling.ts';
import { invoiceTotals } from '../../src/modules/pricing/rules/tax.ts';
import { saveBillingSettings } from '../../src/modules/settings/billing-settings.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import { addDays, calendarDateOf, daysBetween, parseDate } from '../../src/modules/shared/dates.ts';
import { formatAmount, formatMoney, fromDecimalString as u } from '../../src/modules/shared/money.ts';
import { auditEveryPage } from '../helpers/browser.ts';

const SHOTS = 'test-artifacts/browser';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const EMAIL = `ada-upgrade-${process.pid}@example.com`;
const STAFF_EMAIL = `bo-upgrade-${process.pid}@example.com`;

let t: TestApp;
let server: ServerType;
let base = '';
let browser: Browser;
let page: Page;
let serviceId = 0;
let invoiceId = 0;
const problems: string[] = [];

// The service started 16 days ago on the real clock (the browser's cookies live on it too), so
// the period and its amounts are worked out here with the same pure rules, from today's date.
const today = calendarDateOf(new Date());
const start = addDays(today, -16);
const anchor = parseDate(start).day;
const end = addTerms(start, anchor, 1, 'month', 1);
const scaled = scaleService(
  { oldAmount: u('10'), newAmount: u('20'), newTerm: { intervalCount: 1, period: 'month' }, period: { start, end }, anchorDay: anchor },
  today,
);
const totals = invoiceTotals(
  [
    { amount: scaled.credit, taxable: true },
    { amount: scaled.charge, taxable: true },
  ],
  '19',
  2,
);
const due = formatMoney(totals.total, 'USD');

const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, caret: 'initial' });
const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(sql, params);

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  t = await makeTestApp();
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  await saveTaxRate(t.em(), { country: 'DE', name: 'MwSt', rate: '19' });
  const catalog = await createCatalog(t.em(), { name: 'Web hosting' });
  const basic = await createPackage(t.em(), { catalogId: catalog.id, name: 'Web Basic' });
  await savePrice(t.em(), basic.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '10.00',
  });
  const pro = await createPackage(t.em(), { catalogId: catalog.id, name: 'Web Pro' });
  await savePrice(t.em(), pro.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '20.00',
  });
  await savePrice(t.em(), pro.id, undefined, {
    name: 'Annual',
    type: 'recurring',
    intervalCount: 1,
    period: 'year',
    currency: 'USD',
    price: '200.00',
  });
  const mini = await createPackage(t.em(), { catalogId: catalog.id, name: 'Web Mini' });
  await savePrice(t.em(), mini.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '4.00',
  });
  await setScalingTargets(t.em(), basic.id, { targetIds: [pro.id, mini.id] });
  await createStaff(t.em(), { email: STAFF_EMAIL, password: 'staff password long', name: 'Bo Billing', role: 'admin' });

  const app = createApp({ orm: t.orm, config: t.config });
  server = await new Promise<ServerType>(
    (resolve) => void (server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server))),
  );
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  // Every page it shows is audited for accessibility (axe-core), as openBrowser's are.
  auditEveryPage(page);
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => void (msg.type() === 'error' && problems.push(`console error at ${page.url()}: ${msg.text()}`)));
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await t?.close();
});

describe('a client upgrades a service mid-period', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      const name = `upgrade-fail-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`;
      await page?.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, caret: 'initial' }).catch(() => undefined);
      await writeFile(`${SHOTS}/${name}.html`, `<!-- ${page?.url()} -->\n${await page?.content().catch(() => '')}`).catch(() => undefined);
    });
  });

  it('1. has a Web Basic service ordered 16 days ago, and opens its change page', async () => {
    await page.goto(`${base}/account/sign-up`);
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('a long enough secret');
    await page.getByLabel('Country').selectOption('DE');
    await page.getByLabel('Currency').selectOption('USD');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/account\/services\?welcome=1$/);
    const [client] = await db<{ id: number }>('select id from client where email = ?', [EMAIL]);
    const [basic] = await db<{ id: number }>(`select id from package where slug = 'web-basic'`);
    const ordered = new Date(`${start}T09:00:00Z`);
    const { order, invoice } = await placeOrder(t.em(), { clientId: client!.id, packageId: basic!.id, priceName: 'Monthly' }, ordered);
    await payInvoice(t.em(), { invoiceId: invoice.id, gateway: 'manual', reference: `bank-${invoice.id}` }, ordered);
    const [service] = await db<{ id: number }>(
      `update service set status = 'active' where order_line_id in (select id from order_line where order_id = ?) returning id`,
      [order.id],
    );
    serviceId = service!.id;

    await page.goto(`${base}/account/services/${serviceId}`);
    await page.getByRole('heading', { name: /Web Basic/, level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Change package' }).click();
    await page.waitForURL(`${base}/account/services/${serviceId}/change`);
    await page.getByRole('heading', { name: 'Change package', level: 1 }).waitFor();
    await shot('upgrade-01-change-page');
  });

  it('2. picks Web Pro: the preview shows the credit and charge lines without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { __marker?: number }).__marker = 1));
    await page.getByLabel('Web Pro').check();
    await page.locator('#change-total', { hasText: due }).waitFor();
    // Annual, then back to Monthly: the preview follows each choice.
    await page.getByLabel(/^Annual: 200\.00 USD/).check();
    await page.locator('#change-preview h3', { hasText: 'Web Pro (Annual)' }).waitFor();
    await page.getByLabel(/^Monthly: 20\.00 USD/).check();
    await page.locator('#change-preview h3', { hasText: 'Web Pro (Monthly)' }).waitFor();
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/change/preview')),
      page.getByRole('button', { name: 'Preview' }).click(),
    ]);
    await page.locator('#change-total', { hasText: due }).waitFor();
    // The swap has settled: the "working" indicator has faded out again.
    await page.waitForFunction(() => getComputedStyle(document.querySelector('#change-form .htmx-indicator')!).opacity === '0');
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
    const lines = page.locator('#change-preview tbody tr');
    expect(await lines.nth(0).textContent()).toContain(`${formatAmount(scaled.credit)} USD`);
    expect(await lines.nth(1).textContent()).toContain(`${formatAmount(scaled.charge)} USD`);
    expect(await page.locator('#change-next-due').textContent()).toBe(`${end} (unchanged)`);
    await shot('upgrade-02-preview');
  });

  it('3. confirms, lands on the invoice for the difference, and pays it on the test gateway', async () => {
    await page.getByRole('button', { name: `Confirm and pay ${due}` }).click();
    await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+$`));
    invoiceId = Number(page.url().split('/').pop());
    expect(await page.locator('#invoice-total').textContent()).toBe(due);
    await shot('upgrade-03-invoice');
    // Until it is paid, the service page says the change is waiting for this invoice.
    await page.goto(`${base}/account/services/${serviceId}`);
    await page.getByText('is waiting for payment').waitFor();
    await shot('upgrade-03b-service-pending');
    // Named as the client knows it, by its number.
    const number = (
      await t.orm.em.getConnection().execute<{ number: string }[]>('select number from invoice where id = ?', [invoiceId])
    )[0]!.number;
    expect(number).toMatch(/^INV-\d{4}-\d{4}$/);
    await page.getByRole('link', { name: `invoice ${number}` }).click();
    await page.waitForURL(`${base}/account/invoices/${invoiceId}`);
    await page.getByRole('button', { name: 'Pay with the test gateway' }).click();
    await page.waitForURL(`${base}/pay/test/${invoiceId}`);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${base}/account/invoices/${invoiceId}?payment=paid`);
    expect(await page.locator('h1 .badge').textContent()).toBe('paid');
  });

  it('4. the service page shows the new package with the same due date', async () => {
    await page.goto(`${base}/account/services/${serviceId}`);
    await page.getByRole('heading', { name: /Web Pro/, level: 1 }).waitFor();
    expect(await page.getByText('is waiting for payment').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain(end);
    await shot('upgrade-04-service-upgraded');
    const [row] = await db<{ next_due_date: string; status: string }>(
      'select s.next_due_date::text, c.status from service s join service_change c on c.service_id = s.id where s.id = ?',
      [serviceId],
    );
    expect(row).toEqual({ next_due_date: end, status: 'applied' });
  });

  it('5. staff run billing for the renewal date and see the run that invoiced it at the new price', async () => {
    const staff = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    staff.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    staff.on('console', (msg) => void (msg.type() === 'error' && problems.push(`console error at ${staff.url()}: ${msg.text()}`)));
    await staff.goto(`${base}/admin/sign-in`);
    await staff.getByLabel('Email').fill(STAFF_EMAIL);
    await staff.getByLabel('Password').fill('staff password long');
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await staff.waitForURL(`${base}/admin`);
    // Runs are dated today or earlier: invoices made as many days ahead as the renewal is away
    // let a run dated today bill it.
    await saveBillingSettings(t.em(), { invoiceDaysBefore: daysBetween(today, end) });
    await staff.goto(`${base}/admin/billing`);
    await staff.getByLabel('Bill as of').fill(today);
    await staff.getByRole('button', { name: 'Run billing now' }).click();
    await staff.locator('#billing-runs .notice.ok').waitFor();
    const batches = await db<{ id: number }>('select b.id from billing_run_batch b join billing_run r on r.id = b.run_id order by b.id');
    expect(batches.length).toBeGreaterThan(0);
    // What a billing worker does with each batch job.
    for (const b of batches) await processRenewalBatch(t.em(), b.id, new Date());
    // The runs table refreshes itself until the run is done.
    await staff.locator('#billing-runs tbody tr', { hasText: 'done' }).waitFor({ timeout: 15_000 });
    await staff.locator('#billing-runs tbody tr a').first().click();
    await staff.getByRole('heading', { name: /Billing run #\d+/, level: 1 }).waitFor();
    expect(await staff.locator('main').textContent()).toMatch(/Invoices made\s*1/);
    await staff.screenshot({ path: `${SHOTS}/upgrade-05-staff-billing-run.png`, fullPage: true, caret: 'initial' });
    const [renewal] = await db<{ amount: string; period_start: string }>(
      `select l.amount, l.period_start::text from invoice_line l where l.service_id = ? and l.kind = 'renewal'`,
      [serviceId],
    );
    expect(renewal).toEqual({ amount: '20.0000', period_start: end });
  });

  it('had no console errors, page errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
