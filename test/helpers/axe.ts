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
 * What the page shows is copied at once (the DOM as scripts left it, scripts themselves left out)
 * and audited in a page of its own while the test goes on: the test is not slowed, and a page
 * without JavaScript is audited too (axe-core waits on timers, which never fire there).
 */
export function auditor(page: Page) {
  const seen = new Set<string>();
  const urls = new Set<string>();
  const found: Violation[] = [];
  let copied: Promise<void> = Promise.resolve();
  let audited: Promise<void> = Promise.resolve();
  let copy: Promise<Page> | undefined;

  const failed = (url: string) => (err: Error) => {
    // An audit that failed for another reason than the page going away fails the test too.
    if (!/context was destroyed|navigat|Target .*closed|has been closed/i.test(err.message))
      found.push({ rule: 'audit-failed', impact: 'critical', help: err.message, url, targets: [] });
  };

  async function copyNow() {
    // The key is its URL and a hash of what the page shows, so a page revisited unchanged is not
    // audited again but one changed by a swap is.
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
    const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
    const viewport = page.viewportSize();
    audited = audited.then(() => withTimeout(auditCopy(html, url, viewport)).catch(failed(url)));
  }

  async function auditCopy(html: string, url: string, viewport: { width: number; height: number } | null) {
    copy ??= page
      .context()
      .browser()!
      .newContext()
      .then((c) => c.newPage());
    const target = await copy;
    if (viewport) await target.setViewportSize(viewport);
    await target.setContent(html.replace(/<head[^>]*>/i, (head) => `${head}<base href="${url.replace(/"/g, '&quot;')}">`));
    // Evaluated over the devtools protocol rather than added as a <script>, as the app's pages are
    // served with a Content Security Policy that refuses inline scripts.
    await target.evaluate(`${axeSource}\n;0`);
    const results = await target.evaluate(
      async ({ off }) => {
        const w = window as unknown as AxeWindow;
        const rules = Object.fromEntries(off.map((id) => [id, { enabled: false }]));
        const r = await w.axe!.run(document, { resultTypes: ['violations'], rules });
        return r.violations.map((v: Result) => ({
          rule: v.id,
          impact: v.impact ?? '',
          help: v.help,
          targets: v.nodes.map((n) => n.target.join(' ')),
        }));
      },
      { off: Object.keys(RULES_OFF) },
    );
    for (const v of results) if (FAILING.has(v.impact)) found.push({ ...v, url });
  }

  /** Copies the page as it is now for an audit; a page navigated away from meanwhile is skipped. */
  function audit() {
    copied = copied.then(() => withTimeout(copyNow()).catch(failed(page.url())));
    return copied;
  }

  return {
    audit,
    /** The URLs audited so far. */
    audited: () => [...urls],
    /** Waits for the queued audits and hands over (and forgets) the violations found so far. */
    async take() {
      await copied;
      await audited;
      return found.splice(0);
    },
  };
}

function withTimeout<T>(work: Promise<T>) {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the audit took over 20 s')), 20_000).unref()),
  ]);
}
