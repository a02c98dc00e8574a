// Drives Chromium through the staff billing page (dates relative to today): the menu link,
// the "next N days" preview refreshed in place, a run started with htmx (and a refused date shown
// next to its field), the runs table refreshing itself until the run is done, the run's failures
// and a retry; then the same run form without JavaScript.
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { billingFixtures } from '../integration/billing-runs-fixtures.ts';
import { processRenewalBatch } from '../../src/modules/billing/process-renewal-batch.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { addDays, calendarDateOf } from '../../src/modules/shared/dates.ts';
import { auditEveryPage } from '../helpers/browser.ts';

const SHOTS = 'test-artifacts/browser';
const EMAIL = 'billing-owner@example.com';
const PASSWORD = 'correct horse battery';
// NOTE: the real clock: the session cookie's expiry comes from the app's clock and Chromium honours it.
const TODAY = calendarDateOf(new Date());
const day = (n: number) => addDays(TODAY, n);
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
let f: ReturnType<typeof billingFixtures>;
let server: ServerType;
let base = '';
let browser: Browser;
let page: Page;
let brokenService = 0;
let firstRun = 0;
const problems: string[] = [];
const expectedStatuses = new Set<number>();

const shot = (p: Page, name: string) => p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, caret: 'initial' });
const mark = (p: Page) => p.evaluate(() => void ((window as unknown as { __marker?: number }).__marker = 1));
const marked = (p: Page) => p.evaluate(() => (window as unknown as { __marker?: number }).__marker === 1);
async function settled(p: Page, action: () => Promise<unknown>) {
  const before = await p.evaluate(() => (window as unknown as { __settled?: number }).__settled ?? 0);
  await action();
  await p.waitForFunction((n) => ((window as unknown as { __settled?: number }).__settled ?? 0) > n, before);
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  t = await makeTestApp();
  f = billingFixtures(t.orm);
  const pkg = await f.basics();
  const ana = await f.client('Ana Example');
  await f.service(ana, pkg, { due: day(4), amount: '10.0000' });
  await f.service(ana, pkg, { due: day(4), amount: '20.0000' });
  const bob = await f.client('Bob Example', null);
  await f.service(bob, pkg, { due: day(9), amount: '5.0000', term: { intervalCount: 1, period: 'week' } });
  const cy = await f.client('Cy Example');
  await f.service(cy, pkg, { due: day(2), amount: '7.0000', currency: 'EUR' });
  brokenService = await f.service(cy, pkg, {
    due: day(3),
    snapshot: { price: { type: 'recurring', intervalCount: 1, period: 'month' }, quote: { currency: 'USD' } },
  });
  await createStaff(t.em(), { email: EMAIL, password: PASSWORD, name: 'Bea Billing', role: 'owner' });

  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  await context.addInitScript(() => {
    document.addEventListener('htmx:afterSettle', () => {
      const w = window as unknown as { __settled?: number };
      w.__settled = (w.__settled ?? 0) + 1;
    });
  });
  page = await context.newPage();
  // Every page it shows is audited for accessibility (axe-core), as openBrowser's are.
  auditEveryPage(page);
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const status = /status of (\d{3})/.exec(msg.text())?.[1];
    if (status && expectedStatuses.has(Number(status))) return;
    problems.push(`console error at ${page.url()}: ${msg.text()}`);
  });
  page.on('dialog', (d) => void d.accept());
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await t?.close();
});

describe('staff billing page in a real browser', () => {
  it('1. reaches Billing from the menu and sees the runs and the next 14 days', async () => {
    await page.goto(`${base}/admin/sign-in`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/admin`);
    await mark(page);
    await settled(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing' }).click());
    await page.getByRole('heading', { name: 'Billing', level: 1 }).waitFor();
    expect(await marked(page), 'the boosted menu link kept the page').toBe(true);
    expect(page.url()).toBe(`${base}/admin/billing`);
    expect(await page.locator('#billing-preview tbody tr').count()).toBe(14);
    // Today: Ana's two services (one invoice) and Cy's EUR service.
    const today = page.locator('#billing-preview tbody tr').first();
    expect(await today.locator('td').nth(1).textContent()).toBe('2');
    expect(await today.textContent()).toContain('30.00 USD');
    expect(await today.textContent()).toContain('8.33 EUR');
    expect(await page.locator('#billing-preview .notice.warn').textContent()).toContain(`#${brokenService}`);
    expect(await page.getByText('No billing runs yet.').count()).toBe(1);
  });

  it('2. refreshes the preview for 5 days in place', async () => {
    await mark(page);
    await page.getByLabel('Days to preview').fill('5');
    await settled(page, () => page.getByRole('button', { name: 'Show' }).click());
    expect(await page.getByRole('heading', { name: 'Next 5 days' }).count()).toBe(1);
    expect(await page.locator('#billing-preview tbody tr').count()).toBe(5);
    expect(await marked(page)).toBe(true);
    await shot(page, 'billing-01-preview');
  });

  it('3. shows a refused date next to its field, then starts a run without a reload', async () => {
    await mark(page);
    await page.getByLabel('Bill as of').fill(day(800));
    expectedStatuses.add(422);
    await settled(page, () => page.getByRole('button', { name: 'Run billing now' }).click());
    expectedStatuses.delete(422);
    expect(await page.locator('#f-asOf-error').textContent()).toBe(
      'Choose today or an earlier day; the preview below shows what is coming.',
    );
    expect(await page.getByLabel('Bill as of').getAttribute('aria-invalid')).toBe('true');
    expect(await f.sql('select 1 from billing_run')).toHaveLength(0);
    await shot(page, 'billing-02-refused-date');

    await page.getByLabel('Bill as of').fill('');
    await settled(page, () => page.getByRole('button', { name: 'Run billing now' }).click());
    expect(await marked(page)).toBe(true);
    const notice = page.locator('#billing-runs .notice.ok');
    expect(await notice.textContent()).toMatch(/^Billing run #\d+ started/);
    firstRun = Number(/#(\d+)/.exec((await notice.textContent())!)![1]);
    const row = page.locator('#run-table tbody tr').first();
    expect(await row.textContent()).toContain('running');
    expect(await row.textContent()).toContain(TODAY);
  });

  it('4. the runs table refreshes itself until the run is done', async () => {
    await mark(page);
    const batches = await f.sql<{ id: number }>('select id from billing_run_batch where run_id = ? order by seq', [firstRun]);
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) await processRenewalBatch(t.em(), b.id, new Date());
    await page.locator('#run-table tbody tr').first().getByText('done').waitFor({ timeout: 10_000 });
    const cells = await page.locator('#run-table tbody tr').first().locator('td').allTextContents();
    // Run, when, trigger, as of, status, scanned, invoices, failures, duration.
    expect(cells.slice(4, 8)).toEqual(['done', '4', '2', '1']);
    expect(await marked(page), 'the refresh swapped the table, not the page').toBe(true);
    await shot(page, 'billing-03-run-done');
  });

  it('5. opens the run, sees the failure with its reason, and retries it', async () => {
    await page
      .locator('#run-table')
      .getByRole('link', { name: `#${firstRun}`, exact: true })
      .click();
    await page.getByRole('heading', { name: `Billing run #${firstRun}` }).waitFor();
    const failure = page.locator('#failures tbody tr');
    expect(await failure.count()).toBe(1);
    expect(await failure.textContent()).toContain('The price snapshot has no renewal amount or currency.');
    expect(await failure.getByRole('link', { name: `#${brokenService}` }).getAttribute('href')).toBe(`/admin/services/${brokenService}`);
    await shot(page, 'billing-04-run-detail');
    await mark(page);
    await settled(page, () => page.getByRole('button', { name: 'Retry' }).click());
    await page.getByText(`started as a retry of run #${firstRun}.`).waitFor();
    expect(await marked(page), 'the boosted retry kept the page').toBe(true);
    const [retry] = await f.sql<{ id: number; trigger: string; retry_of_id: number }>(
      'select id, trigger, retry_of_id from billing_run where retry_of_id = ?',
      [firstRun],
    );
    expect(retry).toMatchObject({ trigger: 'retry', retry_of_id: firstRun });
    expect(page.url()).toBe(`${base}/admin/billing/runs/${retry!.id}?retried=${firstRun}`);
  });

  it('6. starts a run without JavaScript', async () => {
    const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const p = await nojs.newPage();
    await p.goto(`${base}/admin/sign-in`);
    await p.getByLabel('Email').fill(EMAIL);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(`${base}/admin`);
    await p.goto(`${base}/admin/billing?days=3`);
    expect(await p.locator('#billing-preview tbody tr').count()).toBe(3);
    await p.getByLabel('Bill as of').fill(day(-1));
    await p.getByRole('button', { name: 'Run billing now' }).click();
    await p.waitForURL(/\/admin\/billing\?started=\d+$/);
    expect(await p.locator('#billing-runs .notice.ok').textContent()).toMatch(/^Billing run #\d+ started/);
    expect(await p.locator('#run-table tbody tr').first().textContent()).toContain(day(-1));
    await p.getByLabel('Days to preview').fill('7');
    await p.getByRole('button', { name: 'Show' }).click();
    await p.waitForURL(`${base}/admin/billing?days=7`);
    expect(await p.locator('#billing-preview tbody tr').count()).toBe(7);
    await shot(p, 'billing-05-no-js');
    await nojs.close();
  });

  it('7. saw no script errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
