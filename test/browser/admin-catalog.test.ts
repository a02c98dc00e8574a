// Drives real Chromium through the staff catalog scenario: sign in, catalog, package, prices,
// variants, provisioning, scaling, welcome email, list search, delete refusal, and no-JS posts.
// htmx interactions are checked to stay in the page (no full reload) with a window marker.
//
// Where a boosted link or form loses the page around it (the server answered a boosted request
// with a bare fragment), the step records a soft failure and reopens the page with a full load,
// so the rest of the scenario is still exercised and the report shows every broken spot.
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { auditEveryPage } from '../helpers/browser.ts';

const SHOTS = 'test-artifacts/browser';
const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery';
const PKG_NAME = 'Cloud Starter Plus';
const IN_USE_NAME = 'Legacy VPS';
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

let t: TestApp;
let server: ServerType;
let base = '';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let packageId = 0;
let inUseId = 0;

/** Console errors, page errors and CSP violations seen so far. */
const problems: string[] = [];
/** HTTP statuses a step expects (a 422 for a bad price, the 409 refusal): Chromium logs those too. */
const expectedStatuses = new Set<number>();

function watch(p: Page, label: string) {
  p.on('pageerror', (err) => problems.push(`[${label}] pageerror: ${err.message}`));
  p.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const status = /the server responded with a status of (\d{3})/.exec(msg.text())?.[1];
    if (status && expectedStatuses.has(Number(status))) return;
    problems.push(`[${label}] console error at ${p.url()}: ${msg.text()}`);
  });
}

async function withExpectedStatus<T>(status: number, fn: () => Promise<T>): Promise<T> {
  expectedStatuses.add(status);
  try {
    return await fn();
  } finally {
    // Console messages arrive asynchronously; give them a moment before closing the window.
    await new Promise((r) => setTimeout(r, 200));
    expectedStatuses.delete(status);
  }
}

// NOTE: caret 'initial': Playwright's default caret hiding leaves style="" on inputs, and htmx
// then copies that attribute when settling swaps, which the CSP (style-src 'self') reports.
async function shot(p: Page, name: string) {
  await p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, caret: 'initial' });
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

/** Runs an action that triggers an htmx request and waits until htmx has settled the swap. */
async function settled(p: Page, action: () => Promise<unknown>) {
  const before = await p.evaluate(() => (window as unknown as { __settled?: number }).__settled ?? 0);
  await action();
  await p.waitForFunction((n) => ((window as unknown as { __settled?: number }).__settled ?? 0) > n, before);
}

/** True when the package editor's frame (top bar, heading, tab bar with `tab` current) is on the page. */
async function hasPackageShell(p: Page, tab: string) {
  return (
    (await p.locator('header.topbar').count()) === 1 &&
    (await p.locator('h1').count()) === 1 &&
    (await p.locator('nav.tabs a[aria-current="page"]', { hasText: tab }).count()) === 1
  );
}

/** Clicks a package tab (a boosted link); the page must keep its frame. */
async function openTab(label: string, path: string) {
  const url = `${base}/admin/packages/${packageId}/${path}`;
  await mark(page);
  await settled(page, () => page.locator('nav.tabs').getByRole('link', { name: label, exact: true }).click());
  expect.soft(await marked(page), `the ${label} tab did a full page load`).toBe(true);
  const ok = await hasPackageShell(page, label);
  expect.soft(ok, `BUG: the boosted "${label}" tab replaced the page with a bare fragment (no top bar, heading or tabs)`).toBe(true);
  expect.soft(page.url()).toBe(url);
  if (!ok) await page.goto(url);
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

  // A package in use by a service: it can be chosen as a scaling target but not deleted.
  const legacy = await createCatalog(t.em(), { name: 'Legacy' });
  inUseId = (await createPackage(t.em(), { catalogId: legacy.id, name: IN_USE_NAME })).id;
  const [client] = await db<{ id: number }>(`insert into client (email, name) values ('client@example.com', 'Cora Client') returning id`);
  await db(`insert into service (client_id, package_id, status) values (?, ?, 'active')`, [client!.id, inUseId]);

  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  // Counts settled htmx swaps; registered on document, so it outlives swaps of <body>.
  await context.addInitScript(() => {
    document.addEventListener('htmx:afterSettle', () => {
      const w = window as unknown as { __settled?: number };
      w.__settled = (w.__settled ?? 0) + 1;
    });
  });
  page = await context.newPage();
  // Every page it shows is audited for accessibility (axe-core), as openBrowser's are.
  auditEveryPage(page);
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
      const name = `fail-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`;
      await page?.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, caret: 'initial' }).catch(() => undefined);
      await writeFile(`${SHOTS}/${name}.html`, `<!-- ${page?.url()} -->\n${await page?.content().catch(() => '')}`).catch(() => undefined);
    });
  });

  it('1. signs in', async () => {
    await page.goto(`${base}/admin/sign-in`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signed in, staff land on Home, the day's figures.
    await page.waitForURL(`${base}/admin`);
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    expect(await page.getByText('Olive Owner').isVisible()).toBe(true);
    await shot(page, '01-signed-in');
  });

  it('2. creates a catalog on /admin/catalogs (reached through the boosted main menu)', async () => {
    await mark(page);
    await settled(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalogs' }).click());
    expect.soft(await marked(page), 'the Catalogs menu link did a full page load').toBe(true);
    const ok =
      (await page.getByRole('heading', { name: 'Catalogs', level: 1 }).count()) === 1 &&
      (await page.locator('header.topbar').count()) === 1;
    expect
      .soft(ok, 'BUG: the boosted "Catalogs" menu link replaced the page with a bare fragment (no top bar, heading or New catalog form)')
      .toBe(true);
    if (!ok) {
      await shot(page, '02a-catalogs-menu-fragment');
      await page.goto(`${base}/admin/catalogs`);
    }
    await page.getByLabel('Name').fill('Cloud Servers');
    expect(await page.getByLabel('Slug').inputValue()).toBe('cloud-servers');
    await page.getByRole('button', { name: 'Create catalog' }).click();
    await page.waitForURL(new RegExp(`^${base}/admin/catalogs\\?created=\\d+$`));
    await page.getByText('Catalog "Cloud Servers" created.').waitFor();
    await page.locator('#catalog-list').getByRole('link', { name: 'Cloud Servers' }).waitFor();
    expect(await page.locator('#catalog-list').getByText('cloud-servers', { exact: true }).count()).toBe(1);
    await shot(page, '02-catalog-created');
  });

  it('3. creates a package; the slug is suggested from the name; it lands on its Pricing tab', async () => {
    await page.goto(`${base}/admin/packages`);
    await page.getByRole('link', { name: 'New package' }).click();
    await page.getByRole('heading', { name: 'New package' }).waitFor();
    await mark(page);
    await page.getByLabel('Catalog').selectOption({ label: 'Cloud Servers' });
    await page.getByLabel('Name').pressSequentially(PKG_NAME);
    expect(await page.getByLabel('Slug').inputValue()).toBe('cloud-starter-plus');
    await settled(page, () => page.getByRole('button', { name: 'Create package' }).click());
    const [row] = await db<{ id: number; slug: string }>(`select id, slug from package where name = ?`, [PKG_NAME]);
    expect(row?.slug).toBe('cloud-starter-plus');
    packageId = row!.id;
    // The boosted form follows the 303 inside the XHR and swaps in the page it lands on.
    expect.soft(await marked(page), 'creating the package did a full page load').toBe(true);
    expect.soft(page.url()).toBe(`${base}/admin/packages/${packageId}/pricing`);
    const ok = await hasPackageShell(page, 'Pricing');
    expect.soft(ok, 'BUG: after "Create package" the Pricing page is a bare #price-list fragment (no top bar, heading or tabs)').toBe(true);
    expect.soft(await page.title(), 'the title still says "New package"').toContain(PKG_NAME);
    await shot(page, '03-package-created');
    if (!ok) await page.goto(`${base}/admin/packages/${packageId}/pricing`);
  });

  it('4. adds two prices inline without a reload, and shows a bad price next to its field', async () => {
    expect(await hasPackageShell(page, 'Pricing')).toBe(true);
    await mark(page);
    const fillNew = async (v: { name: string; every: string; period: string; currency?: string; price: string }) => {
      const row = page.locator('#price-new');
      await row.getByLabel('Name', { exact: true }).fill(v.name);
      await row.getByLabel('Type', { exact: true }).selectOption('recurring');
      await row.getByLabel('Every', { exact: true }).fill(v.every);
      await row.getByLabel('Period', { exact: true }).selectOption(v.period);
      await row.getByLabel('Currency', { exact: true }).selectOption(v.currency ?? 'USD');
      await row.getByLabel('Price', { exact: true }).fill(v.price);
      await settled(page, () => row.getByRole('button', { name: 'Add price' }).click());
    };
    await fillNew({ name: 'Monthly', every: '1', period: 'month', price: '12.50' });
    expect(await page.locator('#price-list .notice.ok').textContent()).toBe('Price added.');
    expect(await page.locator('.price-head', { hasText: 'Monthly' }).textContent()).toBe('Monthly · Every month · USD');
    await fillNew({ name: 'Annual', every: '1', period: 'year', price: '120' });
    expect(await page.locator('.price-head', { hasText: 'Annual' }).count()).toBe(1);
    expect(await page.locator('#price-list .price-row:not(.new)').count()).toBe(2);
    expect(await marked(page)).toBe(true);
    expect(await db(`select name, price, period, interval_count from package_price where package_id = ? order by id`, [packageId])).toEqual(
      [
        { name: 'Monthly', price: '12.5000', period: 'month', interval_count: 1 },
        { name: 'Annual', price: '120.0000', period: 'year', interval_count: 1 },
      ],
    );
    await shot(page, '04a-prices-added');

    // 5 decimals: refused with 422, the message under the new row's Price field, typed values kept.
    await withExpectedStatus(422, () => fillNew({ name: 'Weekly', every: '1', period: 'week', price: '1.23456' }));
    const priceField = page.locator('#price-new').getByLabel('Price', { exact: true });
    expect(await priceField.getAttribute('aria-invalid')).toBe('true');
    const error = page.locator('#price-new .field', { has: page.locator('#pnew-price') }).locator('.error');
    expect(await error.textContent()).toBe('Use at most 4 decimal places.');
    expect(await priceField.getAttribute('aria-describedby')).toBe('pnew-price-error');
    expect(await priceField.inputValue()).toBe('1.23456');
    expect(await page.locator('#price-new').getByLabel('Name', { exact: true }).inputValue()).toBe('Weekly');
    expect
      .soft(
        await page.evaluate(() => document.activeElement?.id),
        'BUG: app.js should move focus to the invalid Price field after the swap',
      )
      .toBe('pnew-price');
    expect(await page.locator('#price-list .error').count(), 'only the Price field is flagged').toBe(1);
    expect(await marked(page)).toBe(true);
    expect(await db(`select 1 from package_price where package_id = ? and name = 'Weekly'`, [packageId])).toHaveLength(0);
    await shot(page, '04b-bad-price');
  });

  it('5. Options: adds the group "Operating system" and the option "Ubuntu" priced for Monthly (USD)', async () => {
    await openTab('Options', 'variants');
    await mark(page);
    await page.getByLabel('New option group').fill('Operating system');
    await settled(page, () => page.getByRole('button', { name: 'Add group' }).click());
    expect(await page.getByLabel('Group name').inputValue()).toBe('Operating system');
    await page.getByLabel('New option name').fill('Ubuntu');
    expect(await page.getByLabel('Annual (USD) price').count(), 'one price row per package price').toBe(1);
    await page.getByLabel('Monthly (USD) price').fill('2.50');
    await settled(page, () => page.getByRole('button', { name: 'Add option' }).click());
    expect(await page.getByLabel('Option name', { exact: true }).inputValue()).toBe('Ubuntu');
    expect(await page.getByLabel('Monthly (USD) price').first().inputValue()).toBe('2.50');
    expect(await marked(page)).toBe(true);
    expect(
      await db(
        `select g.name as group_name, o.name as option_name, p.price_name, p.currency, p.price from package_option_group pg join variant_group g on g.id = pg.group_id
          join variant_option o on o.group_id = g.id join variant_option_price p on p.option_id = o.id where pg.package_id = ?`,
        [packageId],
      ),
    ).toEqual([{ group_name: 'Operating system', option_name: 'Ubuntu', price_name: 'Monthly', currency: 'USD', price: '2.5000' }]);
    await shot(page, '05-variants');
  });

  it('6. Provisioning: picking "EU panel (Webhook)" brings its option fields via htmx; saves', async () => {
    await openTab('Provisioning', 'provisioning');
    await mark(page);
    expect(await page.getByLabel('Remote plan name').count()).toBe(0);
    await settled(page, () => page.getByLabel('Provisioning plugin instance').selectOption({ label: 'EU panel (Webhook)' }));
    await page.getByLabel('Remote plan name').waitFor();
    expect(await page.getByRole('heading', { name: 'Webhook options' }).count()).toBe(1);
    expect(await page.locator('#provisioning-form select[name="pluginInstanceId"] option:checked').textContent()).toBe(
      'EU panel (Webhook)',
    );
    await page.getByLabel('Remote plan name').fill('vps-small');
    await page.getByLabel('Region (optional)').selectOption('us');
    await page.getByLabel('Disk (GB) (optional)').fill('40');
    await settled(page, () => page.getByRole('button', { name: 'Save provisioning' }).click());
    expect(await page.getByRole('status').filter({ hasText: 'Provisioning saved.' }).count()).toBe(1);
    expect(await page.getByLabel('Remote plan name').inputValue()).toBe('vps-small');
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

  it('7. Scaling: ticks the other package and saves', async () => {
    await openTab('Scaling', 'scaling');
    await mark(page);
    await page.getByLabel(IN_USE_NAME).check();
    await settled(page, () => page.getByRole('button', { name: 'Save scaling' }).click());
    expect(await page.getByRole('status').filter({ hasText: 'Scaling targets saved.' }).count()).toBe(1);
    expect(await page.getByLabel(IN_USE_NAME).isChecked()).toBe(true);
    expect(await hasPackageShell(page, 'Scaling')).toBe(true);
    expect(await marked(page), 'the boosted Save scaling did a full page load').toBe(true);
    expect(await db(`select target_package_id from package_scaling where package_id = ?`, [packageId])).toEqual([
      { target_package_id: inUseId },
    ]);
    await shot(page, '07-scaling');
  });

  it('8. Welcome email: the live preview shows the sample client name; saves', async () => {
    await openTab('Welcome email', 'email');
    await mark(page);
    await page.getByLabel('Subject').fill('Welcome, {client.name}');
    // The bodies sit on two tabs; the HTML is typed in its source view (the rich text editor
    // has a scenario of its own, test/browser/welcome-email-editor.test.ts).
    await page.getByRole('tab', { name: 'Text' }).click();
    await page.getByLabel('Text body').fill('Hello {client.name}, your server is ready.');
    await page.getByRole('tab', { name: 'HTML' }).click();
    await page.getByRole('button', { name: 'HTML source' }).click();
    await settled(page, () =>
      page.getByRole('textbox', { name: 'HTML body' }).fill('<p>Hello <strong>{client.name}</strong>, your server is ready.</p>'),
    );
    const preview = page.locator('#email-preview');
    await preview.locator('.preview-html', { hasText: 'Hello Ada Lovelace, your server is ready.' }).waitFor();
    expect(await preview.textContent()).toContain('Subject: Welcome, Ada Lovelace');
    expect(await preview.locator('.preview-html strong').textContent()).toBe('Ada Lovelace');
    expect(await marked(page)).toBe(true);
    await settled(page, () => page.getByRole('button', { name: 'Save welcome email' }).click());
    expect(await page.getByRole('status').filter({ hasText: 'Welcome email saved.' }).count()).toBe(1);
    expect(await marked(page), 'the boosted Save welcome email did a full page load').toBe(true);
    expect(await hasPackageShell(page, 'Welcome email')).toBe(true);
    expect(await page.getByLabel('Subject').inputValue()).toBe('Welcome, {client.name}');
    const [row] = await db<{ subject: string; html: string; text: string }>(
      `select subject, html, text from welcome_email where package_id = ? and language = 'en'`,
      [packageId],
    );
    expect(row).toEqual({
      subject: 'Welcome, {client.name}',
      html: '<p>Hello <strong>{client.name}</strong>, your server is ready.</p>',
      text: 'Hello {client.name}, your server is ready.',
    });
    await shot(page, '08-welcome-email');
  });

  it('9. the package is listed at /admin/packages, and the search box filters via htmx', async () => {
    await mark(page);
    await settled(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Packages' }).click());
    expect.soft(await marked(page), 'the Packages menu link did a full page load').toBe(true);
    expect(page.url()).toBe(`${base}/admin/packages`);
    const results = page.locator('#package-results');
    expect(await results.getByRole('link', { name: PKG_NAME }).count()).toBe(1);
    expect(await results.getByRole('link', { name: IN_USE_NAME }).count()).toBe(1);
    await shot(page, '09a-package-list');
    await mark(page);
    await page.getByLabel('Search').pressSequentially('starter', { delay: 40 });
    await results.getByText('1 package matching "starter"').waitFor();
    expect(await results.getByRole('link', { name: PKG_NAME }).count()).toBe(1);
    expect(await results.getByRole('link', { name: IN_USE_NAME }).count()).toBe(0);
    expect(await marked(page), 'searching did a full page load').toBe(true);
    expect(page.url()).toContain('q=starter');
    await shot(page, '09b-package-search');
  });

  it('10. deleting the in-use package is refused with the reason and a "Set it inactive" offer', async () => {
    await page.goto(`${base}/admin/packages`);
    await page.locator('#package-results').getByRole('link', { name: IN_USE_NAME }).click();
    await page.waitForURL(`${base}/admin/packages/${inUseId}`);
    await page.getByRole('link', { name: 'Delete…' }).click();
    await page.waitForURL(`${base}/admin/packages/${inUseId}/delete`);
    await withExpectedStatus(409, async () => {
      await page.getByRole('button', { name: 'Delete package' }).click();
      await page.getByRole('alert').filter({ hasText: 'used by' }).waitFor();
    });
    expect(await page.getByRole('alert').filter({ hasText: 'used by' }).textContent()).toBe(
      'This package is used by 1 service and cannot be deleted. Set it inactive instead: it stops being orderable and existing services keep running.',
    );
    const deactivate = page.getByRole('button', { name: 'Set it inactive' });
    expect(await deactivate.isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Keep it as it is' }).count()).toBe(1);
    expect(await db(`select 1 from package where id = ?`, [inUseId])).toHaveLength(1);
    await shot(page, '10a-delete-refused');
    await deactivate.click();
    await page.waitForURL(`${base}/admin/packages/${inUseId}?saved=inactive`);
    expect(await page.locator('h1 .badge').textContent()).toBe('inactive');
    await page.getByText('The package is now inactive').waitFor();
    await shot(page, '10b-set-inactive');
  });

  it('11. without JavaScript, signing in and adding a price still work (plain form posts)', async () => {
    const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    nojs.setDefaultTimeout(10_000);
    try {
      const p = await nojs.newPage();
      watch(p, 'nojs');
      await p.goto(`${base}/admin/sign-in`);
      await p.getByLabel('Email').fill(EMAIL);
      await p.getByLabel('Password').fill(PASSWORD);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.waitForURL(`${base}/admin`);
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
      expect(await hasPackageShell(p, 'Pricing')).toBe(true);
      expect(
        await db(`select currency, price, interval_count from package_price where package_id = ? and name = 'Quarterly'`, [packageId]),
      ).toEqual([{ currency: 'EUR', price: '33.0000', interval_count: 3 }]);
      await shot(p, '11a-nojs-price-added');

      // A bad amount without JS: the whole page comes back (422) with the error under the field.
      const again = p.locator('#price-new');
      await again.getByLabel('Name', { exact: true }).fill('Broken');
      await again.getByLabel('Price', { exact: true }).fill('1.23456');
      await withExpectedStatus(422, async () => {
        await again.getByRole('button', { name: 'Add price' }).click();
        await p.locator('#pnew-price-error').waitFor();
      });
      expect(await p.locator('#pnew-price-error').textContent()).toBe('Use at most 4 decimal places.');
      expect(await hasPackageShell(p, 'Pricing')).toBe(true);
      await shot(p, '11b-nojs-bad-price');
    } finally {
      await nojs.close();
    }
  });

  it('had no console errors, page errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
