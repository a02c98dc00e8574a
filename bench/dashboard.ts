// The admin home at 10,000 (or BENCH_DASHBOARD_SERVICES) services over two years of history (bench/seed-history.ts): the page
// under load against its figures' statements alone (loadDashboard answered as JSON behind bare
// Hono, no session, no layout), both in this process, and one page's time on a quiet server.
import { Hono } from 'hono';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadDashboard } from '../src/modules/reports/load-dashboard.ts';
import { listen, measure, report, type BenchReport, type Measured } from './harness.ts';
import { openHistoryApp } from './history-app.ts';
import { intEnv } from './support.ts';

const DB = 'hostbill_bench_dashboard';
const SQL_ONLY = 'bare Hono + loadDashboard (JSON)';
const CONNECTIONS = 10;

export async function dashboardBench(): Promise<BenchReport> {
  // NOTE: 10,000 by default; BENCH_DASHBOARD_SERVICES=100000 for the size the home is made for
  // (the first page there works out the 30-day renewal forecast, about 1.3 s; later ones reuse it
  // for five minutes, as a web process does).
  const services = intEnv('BENCH_DASHBOARD_SERVICES', 10_000, 100, 1_000_000);
  const { orm, app, auth, seedMs, close, cleanup } = await openHistoryApp(DB, services);
  try {
    const sqlOnly = await listen(new Hono().get('/', async (c) => c.json(await loadDashboard(orm.em.fork(), new Date()), 200)).fetch);
    cleanup.push(sqlOnly.close);

    // One page on a quiet server (after a first to warm plans and work out the forecast), and a pre-flight that it is the page.
    const cold = performance.now();
    await fetch(`${app.origin}/admin`, { headers: auth });
    const firstMs = performance.now() - cold;
    const t0 = performance.now();
    const page = await fetch(`${app.origin}/admin`, { headers: auth, redirect: 'manual' });
    const body = await page.text();
    const pageMs = performance.now() - t0;
    if (page.status !== 200 || !body.includes('Monthly recurring revenue')) throw new Error(`Pre-flight failed: HTTP ${page.status}.`);

    const rows: Measured[] = [];
    rows.push(await measure(SQL_ONLY, sqlOnly, '/', {}, CONNECTIONS));
    rows.push(await measure('app GET /admin', app, '/admin', auth, CONNECTIONS));
    const rep = report(
      'dashboard',
      rows,
      [{ key: 'sql', label: SQL_ONLY }],
      [
        `${services} services over two years (seeded in ${(seedMs / 1000).toFixed(1)} s), an invoice, line and payment each, a refund per 40 payments.`,
        `one page on a quiet server: ${pageMs.toFixed(0)} ms (the first, working out the renewal forecast: ${firstMs.toFixed(0)} ms).`,
        `${CONNECTIONS} connections (each page runs about 8 statements at once); ${availableParallelism()} CPU(s) shared with PostgreSQL; app and baseline in this process.`,
      ],
    );
    const [base, appRow] = rep.rows;
    console.log(
      `dashboard at ${services} services: one page ${pageMs.toFixed(0)} ms (first ${firstMs.toFixed(0)} ms); under load app/SQL-only req/s ratio ${(appRow!.rps / base!.rps).toFixed(2)}`,
    );
    return rep;
  } finally {
    await close();
  }
}
