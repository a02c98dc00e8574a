// A client's whole journey in real Chromium, with a real worker behind the app: sign up, open a
// package with a variant group and quantity, watch the price summary follow the choices through
// htmx (no reload), order, pay on the test gateway's hosted page, see two active services, and
// receive two welcome emails (with the invoice and the receipt) at an in-process SMTP server.
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startBackground, type Background } from '../helpers/background.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveVariantGroup } from '../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../src/modules/catalog/save-variant-option.ts';
import { saveWelcomeEmail } from '../../src/modules/catalog/save-welcome-email.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
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
const EMAIL = `grace-${process.pid}@example.com`;
const prefix = `hbbrowser${process.pid}${Date.now().toString(36)}`;

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let background: Background;
let server: ServerType;
let base = '';
let browser: Browser;
let page: Page;
let invoiceId = 0;
const problems: string[] = [];

const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, caret: 'initial' });
const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(sql, params);

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  smtp = await startSmtp();
  t = await makeTestApp({ SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, JOB_BACKOFF_MS: '100' });
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  const catalog = await createCatalog(t.em(), { name: 'Cloud servers', description: 'Virtual machines, ready in minutes.' });
  const vps = await createPackage(t.em(), {
    catalogId: catalog.id,
    name: 'VPS Small',
    description: '<p>2 vCPU, 4 GB RAM, 80 GB NVMe.</p><ul><li>Daily backups</li><li>IPv4 and IPv6</li></ul>',
    allowQuantity: '1',
    stock: 10,
  });
  await savePrice(t.em(), vps.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '12.00',
  });
  const os = await saveVariantGroup(t.em(), vps.id, undefined, { name: 'Operating system' });
  await saveVariantOption(t.em(), vps.id, os.id, undefined, {
    name: 'Ubuntu 24.04',
    prices: [{ priceName: 'Monthly', currency: 'USD', price: '0' }],
  });
  await saveVariantOption(t.em(), vps.id, os.id, undefined, {
    name: 'Windows Server',
    prices: [{ priceName: 'Monthly', currency: 'USD', price: '15.00' }],
  });
  await saveWelcomeEmail(t.em(), vps.id, {
    language: 'en',
    subject: 'Your {package.name} #{service.id} is ready',
    html: '<p>Hello {client.name}</p>',
    text: 'Hello {client.name}',
  });
  const starter = await createPackage(t.em(), {
    catalogId: catalog.id,
    name: 'VPS Starter',
    description: '<p>1 vCPU for small projects.</p>',
  });
  await savePrice(t.em(), starter.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '5.00',
  });

  background = await startBackground(t, ['provisioning', 'mail']);
  const { app } = background;
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
  await background?.close();
  await smtp?.close();
  await t?.close();
});

describe('a client orders, pays and gets provisioned services', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      const name = `client-fail-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`;
      await page?.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, caret: 'initial' }).catch(() => undefined);
      await writeFile(`${SHOTS}/${name}.html`, `<!-- ${page?.url()} -->\n${await page?.content().catch(() => '')}`).catch(() => undefined);
    });
  });

  it('1. signs up', async () => {
    await page.goto(`${base}/account/sign-up`);
    await page.getByLabel('Name').fill('Grace Hopper');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('a long enough secret');
    await page.getByLabel('Country').selectOption('US');
    await page.getByLabel('Currency').selectOption('USD');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${base}/account/services?welcome=1`);
    await page.getByText('Welcome! Your account is ready.').waitFor();
  });

  it('2. browses the store and opens a package', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Store' }).click();
    await page.waitForURL(`${base}/store`);
    await page.getByText('from 12.00 USD/month').waitFor();
    expect(await page.getByText('10 left').count()).toBe(1);
    await shot('client-01-store');
    await page.getByRole('link', { name: 'VPS Small' }).click();
    await page.waitForURL(`${base}/store/vps-small`);
    await page.getByRole('heading', { name: 'VPS Small', level: 1 }).waitFor();
    expect(await page.locator('#summary-total').textContent()).toBe('12.00 USD');
    await shot('client-02-package');
  });

  it('3. picks a variant and quantity 2: the summary follows through htmx, without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { __marker?: number }).__marker = 1));
    await page.getByLabel('Windows Server').check();
    await page.locator('#summary-total', { hasText: '27.00 USD' }).waitFor();
    await page.getByLabel('Quantity').fill('2');
    await page.getByLabel('Quantity').press('Tab');
    await page.locator('#summary-total', { hasText: '54.00 USD' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
    expect(await page.getByLabel('Windows Server').isChecked()).toBe(true);
    expect(await page.getByLabel('Quantity').inputValue()).toBe('2');
    expect(await page.locator('#summary').getByText('(12.00 USD each)').count()).toBe(1);
    await shot('client-03-summary-updated');
  });

  it('4. orders and lands on the unpaid invoice with its payment choices', async () => {
    await page.getByRole('button', { name: 'Order now' }).click();
    await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+$`));
    invoiceId = Number(page.url().split('/').pop());
    // Issued at checkout: its number comes from the invoice series.
    await page.getByRole('heading', { name: /^Invoice INV-\d{4}-\d{4}\b/ }).waitFor();
    expect(await page.locator('#invoice-total').textContent()).toBe('54.00 USD');
    expect(await page.getByText('Bank transfer').count()).toBe(0);
    await shot('client-04-invoice');
  });

  it('5. pays on the test gateway and comes back to a paid invoice', async () => {
    await page.getByRole('button', { name: 'Pay with the test gateway' }).click();
    await page.waitForURL(`${base}/pay/test/${invoiceId}`);
    await page.getByText('54.00 USD').waitFor();
    await shot('client-05-test-gateway');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${base}/account/invoices/${invoiceId}?payment=paid`);
    await page.getByText('Paid. Thank you!').waitFor();
    expect(await page.locator('h1 .badge').textContent()).toBe('paid');
    await shot('client-06-paid');
  });

  it('6. sees two active services once the worker has provisioned them', async () => {
    await page.goto(`${base}/account/services`);
    const deadline = Date.now() + 20_000;
    while ((await page.locator('#services tbody .badge', { hasText: 'active' }).count()) < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      await page.reload();
    }
    expect(await page.locator('#services tbody .badge', { hasText: 'active' }).count()).toBe(2);
    expect(await page.locator('#services tbody tr').count()).toBe(2);
    await shot('client-07-services-active');
  });

  it('7. receives two welcome emails, with the invoice and the receipt', async () => {
    const deadline = Date.now() + 20_000;
    while (smtp.received.filter((m) => m.to.includes(EMAIL)).length < 4 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const mails = smtp.received.filter((m) => m.to.includes(EMAIL));
    const ids = (
      await db<{ id: number }>('select s.id from service s join client c on c.id = s.client_id where c.email = ? order by s.id', [EMAIL])
    ).map((r) => r.id);
    expect(
      mails
        .filter((m) => m.subject?.endsWith('is ready'))
        .map((m) => m.subject)
        .sort(),
    ).toEqual(ids.map((id) => `Your VPS Small #${id} is ready`).sort());
    // The order's invoice when it was issued, and the receipt once paid: one of each.
    expect(
      mails
        .filter((m) => !m.subject?.endsWith('is ready'))
        .map((m) => m.subject?.replace(/INV-\d{4}-\d{4}/, 'INV-…'))
        .sort(),
    ).toEqual(['Invoice INV-… from Hostbill', 'Thank you for your payment: invoice INV-…']);
  });

  it('8. without JavaScript, "Update price" reprices the whole page', async () => {
    const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
      const p = await nojs.newPage();
      await p.goto(`${base}/store/vps-small`);
      await p.getByLabel('Windows Server').check();
      await p.getByLabel('Quantity').fill('3');
      await p.getByRole('button', { name: 'Update price' }).click();
      await p.waitForURL(`${base}/store/vps-small/quote`);
      expect(await p.locator('#summary-total').textContent()).toBe('81.00 USD');
      expect(await p.getByLabel('Windows Server').isChecked()).toBe(true);
      await p.screenshot({ path: `${SHOTS}/client-08-nojs-update-price.png`, fullPage: true, caret: 'initial' });
    } finally {
      await nojs.close();
    }
  });

  it('had no console errors, page errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
