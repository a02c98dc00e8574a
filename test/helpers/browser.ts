import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';
import type { TestApp } from './app.ts';
import { auditor, describeViolations } from './axe.ts';

export const SHOTS = 'test-artifacts/browser';
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

type Marked = { __marker?: number; __settled?: number };

/** The audits of the browsers open in this test file. */
const audits = new Set<ReturnType<typeof auditor>>();

/** Fails the test that showed a page with serious or critical accessibility violations. */
async function failOnViolations(audit: ReturnType<typeof auditor>) {
  const found = await audit.take();
  if (found.length) throw new Error(`accessibility violations (axe-core):\n${describeViolations(found)}`);
}

afterEach(async () => {
  for (const audit of audits) await failOnViolations(audit);
});

/**
 * Audits every page `page` loads with axe-core; a test that showed serious or critical violations
 * fails after it ends. `forget` stops it, handing back what was found since the last test ended.
 */
export function auditEveryPage(page: Page) {
  const a11y = auditor(page);
  audits.add(a11y);
  page.on('load', () => void a11y.audit());
  // A test that goes on at once after a navigation would leave the page before its 'load' audit
  // copied it; going to a URL, or waiting for one, copies the page arrived at first.
  const goto = page.goto.bind(page);
  page.goto = async (...args) => {
    const res = await goto(...args);
    await a11y.audit();
    return res;
  };
  const waitForURL = page.waitForURL.bind(page);
  page.waitForURL = async (...args) => {
    await waitForURL(...args);
    await a11y.audit();
  };
  return {
    ...a11y,
    forget() {
      audits.delete(a11y);
      return a11y.take();
    },
  };
}

/**
 * The test app served over real HTTP and one Debian Chromium page on it, counting htmx swaps
 * and collecting page errors and console errors (but those of expected statuses). Given `base`,
 * the page uses that server instead (one already serving the app at its PUBLIC_URL, which a
 * gateway's hosted page sends the browser back to). Every page loaded, and every htmx swap awaited
 * with `settled`, is audited with axe-core; a test that showed serious or critical violations fails
 * after it ends (`a11y.take()` hands them over instead, for a test about the audit itself).
 */
export async function openBrowser(t: TestApp, opts: { javaScript?: boolean; width?: number; base?: string } = {}) {
  await mkdir(SHOTS, { recursive: true });
  const server = opts.base
    ? null
    : await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
  const base = opts.base ?? `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: 900 },
    javaScriptEnabled: opts.javaScript ?? true,
  });
  context.setDefaultTimeout(10_000);
  await context.addInitScript(() => {
    document.addEventListener('htmx:afterSettle', () => {
      const w = window as unknown as Marked;
      w.__settled = (w.__settled ?? 0) + 1;
    });
  });
  const page = await context.newPage();
  const a11y = auditEveryPage(page);
  const problems: string[] = [];
  const expectedStatuses = new Set<number>();
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const status = /status of (\d{3})/.exec(msg.text())?.[1];
    if (status && expectedStatuses.has(Number(status))) return;
    problems.push(`console error at ${page.url()}: ${msg.text()}`);
  });
  return {
    base,
    page,
    problems,
    expectedStatuses,
    a11y,
    shot: (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, caret: 'initial' }),
    /** Marks the window: still marked after an action means no full reload happened. */
    mark: () => page.evaluate(() => void ((window as unknown as Marked).__marker = 1)),
    marked: () => page.evaluate(() => (window as unknown as Marked).__marker === 1),
    /** Runs an action and waits for the htmx swap it causes to settle. */
    async settled(action: () => Promise<unknown>) {
      const before = await page.evaluate(() => (window as unknown as Marked).__settled ?? 0);
      await action();
      await page.waitForFunction((n) => ((window as unknown as Marked).__settled ?? 0) > n, before);
      void a11y.audit();
    },
    async signIn(email: string, password: string) {
      await page.goto(`${base}/admin/sign-in`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/admin`);
    },
    /** Signs up a client in USD from the United States through the real form, landing on their services. */
    async signUpClient(name: string, email: string, password = 'a long enough secret') {
      await page.goto(`${base}/account/sign-up`);
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByLabel('Country').selectOption('US');
      await page.getByLabel('Currency').selectOption('USD');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(/\/account\/services/);
    },
    /** Pays the invoice open on the page through the test gateway's hosted page. */
    async payWithTestGateway(invoiceId: number) {
      await page.getByRole('button', { name: 'Pay with the test gateway' }).click();
      await page.waitForURL(`${base}/pay/test/${invoiceId}`);
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.waitForURL(`${base}/account/invoices/${invoiceId}?payment=paid`);
    },
    async close() {
      const left = await a11y.forget();
      await browser.close();
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      if (left.length) throw new Error(`accessibility violations (axe-core):\n${describeViolations(left)}`);
    },
  };
}

export type OpenBrowser = Awaited<ReturnType<typeof openBrowser>>;

/** A failing test leaves a screenshot and the page's HTML, named after it, of the page `current` gives. */
export function shotsOnFailure(prefix: string, current: () => Page | undefined) {
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      const page = current();
      if (!page) return;
      const name = `${prefix}-fail-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`;
      await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true }).catch(() => undefined);
      await writeFile(`${SHOTS}/${name}.html`, `<!-- ${page.url()} -->\n${await page.content().catch(() => '')}`).catch(() => undefined);
    });
  });
}
