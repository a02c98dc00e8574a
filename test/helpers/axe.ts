// Accessibility audits with axe-core for the browser tests: every page a test shows is audited once
// per distinct URL and content, and its serious or critical violations are kept until asked for.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Rules switched off, each with why the violation is not the app's to fix. Keep this empty unless a
 * violation sits in something the app does not render (a third-party page or widget).
 */
export const RULES_OFF: Record<string, string> = {};

/** The impacts that fail a test; minor and moderate findings are left to review. */
const FAILING = new Set(['serious', 'critical']);

export interface Violation {
  rule: string;
  impact: string;
  help: string;
  url: string;
  targets: string[];
}

export function describeViolations(found: Violation[]) {
  return found.map((v) => `${v.impact} ${v.rule} (${v.help}) at ${v.url}: ${v.targets.join(', ')}`).join('\n');
}

type AxeWindow = { axe?: { run: (ctx: Document, opts: object) => Promise<AxeResults> } };

/**
 * A page's HTML documents audited as they are shown; non-HTML responses (PDF, CSV, JSON) are skipped.
 * axe-core waits on timers, which never fire in a page without JavaScript, so such a page's document
 * is audited as a copy (its scripts left out) in a page of its own that runs scripts.
 */
export function auditor(page: Page, opts: { javaScript?: boolean } = {}) {
  const seen = new Set<string>();
  const urls = new Set<string>();
  const found: Violation[] = [];
  let pending: Promise<void> = Promise.resolve();
  let copy: Page | undefined;

  async function auditedPage() {
    if (opts.javaScript !== false) return page;
    const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
    copy ??= await (await page.context().browser()!.newContext({ viewport: page.viewportSize() })).newPage();
    await copy.setContent(html.replace(/<head[^>]*>/i, (head) => `${head}<base href="${page.url().replace(/"/g, '&quot;')}">`));
    return copy;
  }

  async function auditNow() {
    // The key is read in the page: its URL and a hash of what it shows, so a page revisited unchanged
    // is not audited again but one changed by a swap is.
    const key = await page.evaluate(() => {
      if (document.contentType !== 'text/html' || !document.body) return null;
      const html = document.body.outerHTML;
      let h = 0;
      for (let i = 0; i < html.length; i++) h = (Math.imul(h, 31) + html.charCodeAt(i)) | 0;
      return `${location.href} ${html.length} ${h}`;
    });
    if (!key || seen.has(key)) return;
    seen.add(key);
    const url = page.url();
    urls.add(url);
    const target = await auditedPage();
    // Evaluated over the devtools protocol rather than added as a <script>: the app's Content
    // Security Policy rightly refuses inline scripts.
    if (!(await target.evaluate(() => Boolean((window as unknown as AxeWindow).axe)))) await target.evaluate(`${axeSource}\n;0`);
    const results = await target.evaluate(
      async ({ off }) => {
        const w = window as unknown as AxeWindow;
        const rules = Object.fromEntries(off.map((id) => [id, { enabled: false }]));
        const r = await w.axe!.run(document, { resultTypes: ['violations'], rules });
        return r.violations.map((v: Result) => ({ rule: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
      },
      { off: Object.keys(RULES_OFF) },
    );
    for (const v of results) if (FAILING.has(v.impact)) found.push({ ...v, url });
  }

  /** Queues an audit of the page as it is now; a page navigated away from mid-audit is skipped. */
  function audit() {
    pending = pending.then(() =>
      Promise.race([auditNow(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the audit took over 15 s')), 15_000).unref())]).catch((err: Error) => {
        // An audit that failed for another reason than the page going away fails the test too.
        if (!/context was destroyed|navigat|Target .*closed|has been closed/i.test(err.message)) found.push({ rule: 'audit-failed', impact: 'critical', help: err.message, url: page.url(), targets: [] });
      }),
    );
    return pending;
  }

  return {
    audit,
    /** The URLs audited so far. */
    audited: () => [...urls],
    /** Waits for the queued audits and hands over (and forgets) the violations found so far. */
    async take() {
      await pending;
      return found.splice(0);
    },
  };
}
