// The revenue, MRR and tax report pages at 10,000 (or BENCH_REPORTS_SERVICES) services over two
// years of history (bench/seed-history.ts): each page under load against its report's statement
// alone (the report function answered as JSON behind bare Hono, no session, no layout), all in
// this process, and each page's time on a quiet server.
import { Hono } from 'hono';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { reportMrr } from '../src/modules/reports/report-mrr.ts';
import { reportRevenue } from '../src/modules/reports/report-revenue.ts';
import { reportTax } from '../src/modules/reports/report-tax.ts';
import { lastFullQuarter, parseMonthRange } from '../src/modules/reports/rules/report-period.ts';
import { listen, measure, report, type BenchReport, type Measured } from './harness.ts';
import { openHistoryApp } from './history-app.ts';
import { intEnv } from './support.ts';

const DB = 'hostbill_bench_reports';
const CONNECTIONS = 10;

export async function reportsBench(): Promise<BenchReport> {
  const services = intEnv('BENCH_REPORTS_SERVICES', 10_000, 100, 1_000_000);
  const { orm, app, auth, seedMs, close, cleanup } = await openHistoryApp(DB, services);
  try {
    // The same defaults the pages use: the last 12 months, every currency; the last full quarter.
    const months = () => {
      const r = parseMonthRange('', '', new Date());
      if (!r.ok) throw new Error('default months');
      return r.value;
    };
    const sqlOnly = await listen(
      new Hono()
        .get('/revenue', async (c) => c.json(await reportRevenue(orm.em.fork(), months(), null), 200))
        .get('/mrr', async (c) => c.json(await reportMrr(orm.em.fork(), months(), null, new Date()), 200))
        .get('/tax', async (c) => c.json(await reportTax(orm.em.fork(), lastFullQuarter(new Date())), 200)).fetch,
    );
    cleanup.push(sqlOnly.close);

    const pages = [
      { name: 'revenue', heading: 'Revenue by month and package' },
      { name: 'mrr', heading: 'MRR and churn' },
      { name: 'tax', heading: 'Tax collected' },
    ];
    const quiet: string[] = [];
    const rows: Measured[] = [];
    for (const p of pages) {
      // One page on a quiet server (after a first to warm plans), and a pre-flight that it is the page.
      const path = `/admin/reports/${p.name}`;
      await fetch(`${app.origin}${path}`, { headers: auth });
      const t0 = performance.now();
      const res = await fetch(`${app.origin}${path}`, { headers: auth, redirect: 'manual' });
      const body = await res.text();
      quiet.push(`${p.name} ${(performance.now() - t0).toFixed(0)} ms`);
      if (res.status !== 200 || !body.includes(p.heading)) throw new Error(`Pre-flight of ${path} failed: HTTP ${res.status}.`);
      rows.push(await measure(`bare Hono + ${p.name} report (JSON)`, sqlOnly, `/${p.name}`, {}, CONNECTIONS));
      rows.push(await measure(`app GET ${path}`, app, path, auth, CONNECTIONS));
    }
    const ratios = pages.map((p, i) => `${p.name} ${(rows[i * 2 + 1]!.rps / rows[i * 2]!.rps).toFixed(2)}`);
    const rep = report(
      'reports',
      rows,
      pages.map((p) => ({ key: `${p.name}-sql`, label: `bare Hono + ${p.name} report (JSON)` })),
      [
        `${services} services over two years (seeded in ${(seedMs / 1000).toFixed(1)} s), an invoice, line and payment each, a refund per 40 payments.`,
        `one page on a quiet server: ${quiet.join(', ')}.`,
        `under load, app page req/s as a share of its own report's statement alone: ${ratios.join(', ')} (each page compares with its own baseline only).`,
        `${CONNECTIONS} connections; ${availableParallelism()} CPU(s) shared with PostgreSQL; app and baselines in this process.`,
      ],
    );
    console.log(`reports at ${services} services: quiet ${quiet.join(', ')}; under load app/SQL-only req/s ratio ${ratios.join(', ')}`);
    return rep;
  } finally {
    await close();
  }
}
