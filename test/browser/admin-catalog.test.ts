// Drives real Chromium through the staff catalog scenario: sign in, catalog, package, prices,
// variants, provisioning, scaling, welcome email, list search, delete refusal, and no-JS posts.
// htmx interactions are checked to be in-page (no full reload) with a window marker.
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
import { savePluginInstance } from '../../src/modules/provisioning/save-plugin-instance.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';

const SHOTS = 'test-artifacts/browser';
const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery';
const PKG_NAME = 'Cloud Starter Plus';
const IN_USE_NAME = 'Legacy VPS';

let t: TestApp;
let server: ServerType;
let base = '';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let packageId = 0;
let inUseId = 0;
const problems: string[] = [];

function watch(p: Page, label: string) {
  p.on('pageerror', (err) => problems.push(`[${label}] pageerror: ${err.message}`));
  p.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`[${label}] console error: ${msg.text()}`);
  });
}

async function shot(p: Page, name: string) {
  await p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Sets a marker that only survives if the document is not reloaded. */
async function mark(p: Page) {
  await p.evaluate(() => {
    (window as unknown as { __marker?: number }).__marker = 1;
  });
}
async function marked(p: Page) {
  return p.evaluate(() => (window as unknown as { __marker?: number }).__marker === 1);
}

/** Waits until htmx has no request in flight and nothing is settling. */
async function htmxIdle(p: Page) {
  await p.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping'));
}

async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
  return t.orm.em.getConnection().execute<T[]>(sql, params);
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  t = await makeTestApp();
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveCurrency(t.em(), { code: 'EUR', name: 'Euro', rate: '0.92' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  await savePluginInstance(
    t.em(),
    undefined,
    { plugin: 'webhook', name: 'EU panel', settings: { url: 'http://127.0.0.1:9/x', signingSecret: 's3cret-value' } },
    t.config.APP_SECRET,
  );
  await createStaff(t.em(), { email: EMAIL, password: PASSWORD, name: 'Olive Owner', role: 'owner' });

  // A package in use by a service, so it can be neither deleted nor ignored.
  const legacy = await createCatalog(t.em(), { name: 'Legacy' });
  const pkg = await createPackage(t.em(), { catalogId: legacy.id, name: IN_USE_NAME });
  inUseId = pkg.id;
  const [client] = await db<{ id: number }>(`insert into client (email, name) values ('client@example.com', 'Cora Client') returning id`);
  await db(`insert into service (client_id, package_id, status) values (?, ?, 'active')`, [client!.id, inUseId]);

  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  watch(page, 'js');
  page.on('dialog', (d) => void d.accept());
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await t?.close();
});

describe('staff catalog admin in a real browser', () => {
  // On failure, keep what the browser showed: a screenshot and the page's HTML.
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      const name = `fail-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
      await page?.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true }).catch(() => undefined);
      await writeFile(`${SHOTS}/${name}.html`, `<!-- ${page?.url()} -->\n${await page?.content().catch(() => '')}`).catch(() => undefined);
    });
  });

  it('1. signs in', async () => {
    await page.goto(`${base}/admin/sign-in`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/admin/packages`);
    await page.getByRole('heading', { name: 'Packages', level: 1 }).waitFor();
    expect(await page.getByText('Olive Owner').isVisible()).toBe(true);
    await shot(page, '01-sign-in');
  });

  it('2. creates a catalog', async () => {
    await page.goto(`${base}/admin/catalogs`);
    await page.getByLabel('Name').fill('Cloud Servers');
    expect(await page.getByLabel('Slug').inputValue()).toBe('cloud-servers');
    await page.getByRole('button', { name: 'Create catalog' }).click();
    await page.waitForURL(`${base}/admin/catalogs`);
    await page.locator('#catalog-list').getByRole('link', { name: 'Cloud Servers' }).waitFor();
    expect(await page.locator('#catalog-list').getByText('cloud-servers').count()).toBe(1);
    await shot(page, '02-catalog-created');
  });

  it('3. creates a package; the slug is suggested from the name; it lands on Pricing', async () => {
    await page.goto(`${base}/admin/packages`);
    await page.getByRole('link', { name: 'New package' }).click();
    await page.getByRole('heading', { name: 'New package' }).waitFor();
    await mark(page);
    await page.getByLabel('Catalog').selectOption({ label: 'Cloud Servers' });
    await page.getByLabel('Name').pressSequentially(PKG_NAME);
    expect(await page.getByLabel('Slug').inputValue()).toBe('cloud-starter-plus');
    await page.getByRole('button', { name: 'Create package' }).click();
    await page.locator('nav.tabs a[aria-current="page"]', { hasText: 'Pricing' }).waitFor();
    const [row] = await db<{ id: number; slug: string }>(`select id, slug from package where name = ?`, [PKG_NAME]);
    expect(row?.slug).toBe('cloud-starter-plus');
    packageId = row!.id;
    // The boosted form swaps the page in place; the location bar follows the redirect.
    expect(await marked(page)).toBe(true);
    await page.waitForURL(`${base}/admin/packages/${packageId}/pricing`);
    expect(await page.title()).toContain(PKG_NAME);
    await shot(page, '03-package-created');
  });

  it('4. adds two prices inline without a reload, and shows a bad price next to its field', async () => {
    await mark(page);
    const add = async (name: string, every: string, period: string, amount: string) => {
      const row = page.locator('#price-new');
      await row.getByLabel('Name', { exact: true }).fill(name);
      await row.getByLabel('Type', { exact: true }).selectOption('recurring');
      await row.getByLabel('Every', { exact: true }).fill(every);
      await row.getByLabel('Period', { exact: true }).selectOption(period);
      await row.getByLabel('Currency', { exact: true }).selectOption('USD');
      await row.getByLabel('Price', { exact: true }).fill(amount);
      const res = page.waitForResponse((r) => r.url() === `${base}/admin/packages/${packageId}/prices` && r.request().method() === 'POST');
      await row.getByRole('button', { name: 'Add price' }).click();
      await res;
      await htmxIdle(page);
    };
    await add('Monthly', '1', 'month', '12.50');
    await page.locator('#price-list').getByText('Price added.').waitFor();
    await page.locator('.price-head', { hasText: 'Monthly' }).waitFor();
    await add('Annual', '1', 'year', '120');
    await page.locator('.price-head', { hasText: 'Annual' }).waitFor();
    expect(await marked(page)).toBe(true);
    const prices = await db<{ name: string; price: string; period: string; interval_count: number }>(
      `select name, price, period, interval_count from package_price where package_id = ? order by id`,
      [packageId],
    );
    expect(prices).toEqual([
      { name: 'Monthly', price: '12.5000', period: 'month', interval_count: 1 },
      { name: 'Annual', price: '120.0000', period: 'year', interval_count: 1 },
    ]);
    await shot(page, '04a-prices-added');

    // 5 decimals: refused, with the message under the Price field of the new row.
    const row = page.locator('#price-new');
    await row.getByLabel('Name', { exact: true }).fill('Weekly');
    await row.getByLabel('Every', { exact: true }).fill('1');
    await row.getByLabel('Period', { exact: true }).selectOption('week');
    await row.getByLabel('Price', { exact: true }).fill('1.23456');
    const res = page.waitForResponse((r) => r.url() === `${base}/admin/packages/${packageId}/prices` && r.request().method() === 'POST');
    await row.getByRole('button', { name: 'Add price' }).click();
    expect((await res).status()).toBe(422);
    await htmxIdle(page);
    const priceField = page.locator('#price-new').getByLabel('Price', { exact: true });
    expect(await priceField.getAttribute('aria-invalid')).toBe('true');
    const error = page.locator('#price-new .field', { has: page.locator('#pnew-price') }).locator('.error');
    await error.waitFor();
    const message = (await error.textContent()) ?? '';
    expect(message).toMatch(/decimal/i);
    expect(await priceField.getAttribute('aria-describedby')).toContain('pnew-price-error');
    // What was typed is kept, and the error field has focus (app.js).
    expect(await priceField.inputValue()).toBe('1.23456');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pnew-price');
    expect(await marked(page)).toBe(true);
    expect(await db(`select 1 from package_price where package_id = ? and name = 'Weekly'`, [packageId])).toHaveLength(0);
    await shot(page, '04b-bad-price');
  });

  it('5. adds a variant group and an option priced for Monthly (USD)', async () => {
    await page.locator('nav.tabs').getByRole('link', { name: 'Variants' }).click();
    await page.waitForURL(`${base}/admin/packages/${packageId}/variants`);
    await page.getByLabel('New variant group').waitFor();
    await mark(page);
    await page.getByLabel('New variant group').fill('Operating system');
    await page.getByRole('button', { name: 'Add group' }).click();
    await page.getByLabel('Group name').waitFor();
    expect(await page.getByLabel('Group name').inputValue()).toBe('Operating system');
    await page.getByLabel('New option name').fill('Ubuntu');
    await page.getByLabel('Monthly (USD) price').fill('2.50');
    await page.getByRole('button', { name: 'Add option' }).click();
    await page.getByLabel('Option name', { exact: true }).waitFor();
    await htmxIdle(page);
    expect(await page.getByLabel('Option name', { exact: true }).inputValue()).toBe('Ubuntu');
    expect(await marked(page)).toBe(true);
    const rows = await db(
      `select g.name as group_name, o.name as option_name, p.price_name, p.currency, p.price from variant_group g
        join variant_option o on o.group_id = g.id join variant_option_price p on p.option_id = o.id where g.package_id = ?`,
      [packageId],
    );
    expect(rows).toEqual([{ group_name: 'Operating system', option_name: 'Ubuntu', price_name: 'Monthly', currency: 'USD', price: '2.5000' }]);
    await shot(page, '05-variants');
  });

  it('6. chooses a provisioning instance; its options appear via htmx; saves', async () => {
    await page.locator('nav.tabs').getByRole('link', { name: 'Provisioning' }).click();
    await page.waitForURL(`${base}/admin/packages/${packageId}/provisioning`);
    await mark(page);
    expect(await page.getByLabel('Remote plan name').count()).toBe(0);
    await page.getByLabel('Provisioning plugin instance').selectOption({ label: 'EU panel (Webhook)' });
    await page.getByLabel('Remote plan name').waitFor();
    await htmxIdle(page);
    expect(await page.getByLabel('Provisioning plugin instance').inputValue()).not.toBe('');
    await page.getByLabel('Remote plan name').fill('vps-small');
    await page.getByLabel('Region (optional)').selectOption('us');
    await page.getByLabel('Disk (GB) (optional)').fill('40');
    await page.getByRole('button', { name: 'Save provisioning' }).click();
    await page.getByText('Provisioning saved.').waitFor();
    expect(await marked(page)).toBe(true);
    const [row] = await db<{ plugin_options: Record<string, unknown>; plugin_instance_id: number | null }>(
      `select plugin_options, plugin_instance_id from package where id = ?`,
      [packageId],
    );
    expect(row?.plugin_instance_id).not.toBeNull();
    expect(row?.plugin_options).toMatchObject({ plan: 'vps-small', region: 'us' });
    expect(String(row?.plugin_options.diskGb)).toBe('40');
    await shot(page, '06-provisioning');
  });

  it('7. ticks the other package on Scaling and saves', async () => {
    await page.locator('nav.tabs').getByRole('link', { name: 'Scaling' }).click();
    await page.waitForURL(`${base}/admin/packages/${packageId}/scaling`);
    await mark(page);
    await page.getByLabel(IN_USE_NAME).check();
    await page.getByRole('button', { name: 'Save scaling' }).click();
    await page.getByText('Scaling targets saved.').waitFor();
    expect(await page.getByLabel(IN_USE_NAME).isChecked()).toBe(true);
    expect(await marked(page)).toBe(true);
    expect(await db(`select target_package_id from package_scaling where package_id = ?`, [packageId])).toEqual([{ target_package_id: inUseId }]);
    await shot(page, '07-scaling');
  });

  it('8. writes a welcome email; the live preview shows the sample name; saves', async () => {
    await page.locator('nav.tabs').getByRole('link', { name: 'Welcome email' }).click();
    await page.waitForURL(`${base}/admin/packages/${packageId}/email`);
    await mark(page);
    await page.getByLabel('Subject').fill('Welcome, {client.name}');
    await page.getByLabel('HTML body').fill('<p>Hello {client.name}, your server is ready.</p>');
    await page.getByLabel('Text body').fill('Hello {client.name}, your server is ready.');
    const preview = page.locator('#email-preview');
    await preview.locator('.preview-html', { hasText: 'Hello Ada Lovelace' }).waitFor();
    expect(await preview.textContent()).toContain('Welcome, Ada Lovelace');
    expect(await marked(page)).toBe(true);
    await htmxIdle(page);
    await page.getByRole('button', { name: 'Save welcome email' }).click();
    await page.getByText('Welcome email saved.').waitFor();
    expect(await marked(page)).toBe(true);
    expect(await page.getByLabel('Subject').inputValue()).toBe('Welcome, {client.name}');
    const [row] = await db<{ subject: string; html: string }>(`select subject, html from welcome_email where package_id = ? and language = 'en'`, [packageId]);
    expect(row?.subject).toBe('Welcome, {client.name}');
    expect(row?.html).toContain('{client.name}');
    await shot(page, '08-welcome-email');
  });

  it('9. lists the package, and the search box filters via htmx', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Packages' }).click();
    await page.waitForURL(`${base}/admin/packages`);
    const results = page.locator('#package-results');
    await results.getByRole('link', { name: PKG_NAME }).waitFor();
    expect(await results.getByRole('link', { name: IN_USE_NAME }).count()).toBe(1);
    await mark(page);
    await page.getByLabel('Search').pressSequentially('Starter', { delay: 30 });
    await results.getByText('matching "Starter"').waitFor();
    await htmxIdle(page);
    expect(await results.getByRole('link', { name: PKG_NAME }).count()).toBe(1);
    expect(await results.getByRole('link', { name: IN_USE_NAME }).count()).toBe(0);
    expect(await marked(page)).toBe(true);
    expect(page.url()).toContain('q=Starter');
    await shot(page, '09-package-search');
  });

  it('10. refuses to delete the in-use package and offers to set it inactive', async () => {
    await page.goto(`${base}/admin/packages`);
    await page.locator('#package-results').getByRole('link', { name: IN_USE_NAME }).click();
    await page.waitForURL(`${base}/admin/packages/${inUseId}`);
    await page.getByRole('link', { name: 'Delete…' }).click();
    await page.waitForURL(`${base}/admin/packages/${inUseId}/delete`);
    await page.getByRole('button', { name: 'Delete package' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'used by' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('This package is used by 1 service and cannot be deleted.');
    const deactivate = page.getByRole('button', { name: 'Set it inactive' });
    expect(await deactivate.isVisible()).toBe(true);
    expect(await db(`select 1 from package where id = ?`, [inUseId])).toHaveLength(1);
    await shot(page, '10-delete-refused');
    await deactivate.click();
    await page.waitForURL(`${base}/admin/packages/${inUseId}?saved=1`);
    expect(await page.locator('h1 .badge').textContent()).toBe('inactive');
    await shot(page, '10b-set-inactive');
  });

  it('11. without JavaScript, signing in and adding a price still work', async () => {
    const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    nojs.setDefaultTimeout(10_000);
    try {
      const p = await nojs.newPage();
      watch(p, 'nojs');
      await p.goto(`${base}/admin/sign-in`);
      await p.getByLabel('Email').fill(EMAIL);
      await p.getByLabel('Password').fill(PASSWORD);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.waitForURL(`${base}/admin/packages`);
      await p.goto(`${base}/admin/packages/${packageId}/pricing`);
      const row = p.locator('#price-new');
      await row.getByLabel('Name', { exact: true }).fill('Quarterly');
      await row.getByLabel('Every', { exact: true }).fill('3');
      await row.getByLabel('Period', { exact: true }).selectOption('month');
      await row.getByLabel('Currency', { exact: true }).selectOption('EUR');
      await row.getByLabel('Price', { exact: true }).fill('33.00');
      await row.getByRole('button', { name: 'Add price' }).click();
      await p.waitForURL(`${base}/admin/packages/${packageId}/pricing`);
      await p.locator('.price-head', { hasText: 'Quarterly' }).waitFor();
      expect(await db(`select currency, price, interval_count from package_price where package_id = ? and name = 'Quarterly'`, [packageId])).toEqual([
        { currency: 'EUR', price: '33.0000', interval_count: 3 },
      ]);
      await shot(p, '11a-nojs-price-added');

      // A bad amount without JS: the page comes back with the error under the field.
      const again = p.locator('#price-new');
      await again.getByLabel('Name', { exact: true }).fill('Broken');
      await again.getByLabel('Price', { exact: true }).fill('1.23456');
      await again.getByRole('button', { name: 'Add price' }).click();
      await p.locator('#pnew-price-error').waitFor();
      expect(await p.locator('#pnew-price-error').textContent()).toMatch(/decimal/i);
      await shot(p, '11b-nojs-bad-price');
    } finally {
      await nojs.close();
    }
  });

  it('had no console errors, page errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
