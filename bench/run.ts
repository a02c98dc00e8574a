// Entry point for `npm run bench` (BENCH_SECONDS=5 npm run bench for a quicker run).
// Runs every benchmark in bench/, prints a table per benchmark and writes bench/results/<name>.json.
// Reports numbers only: no timing assertions. Fails on any non-2xx answer or connection error.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { failures, formatTable, type BenchReport } from './harness.ts';
import { checkoutBench } from './checkout.ts';
import { dashboardBench } from './dashboard.ts';
import { jobsBench } from './jobs.ts';
import { packageListBench } from './package-list.ts';
import { renewalsBench } from './renewals.ts';
import { reportsBench } from './reports.ts';
import { renewalsCardsBench } from './renewals-cards.ts';
import { storeBench } from './store.ts';

const BENCHES: { name: string; run: () => Promise<BenchReport> }[] = [
  { name: 'package-list', run: packageListBench },
  { name: 'checkout', run: () => checkoutBench('single') },
  { name: 'checkout-cart', run: () => checkoutBench('cart') },
  { name: 'checkout-coupon', run: () => checkoutBench('coupon') },
  { name: 'jobs', run: jobsBench },
  { name: 'renewals', run: renewalsBench },
  { name: 'renewals-cards', run: renewalsCardsBench },
  { name: 'store', run: storeBench },
  { name: 'dashboard', run: dashboardBench },
  { name: 'reports', run: reportsBench },
];

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

async function main() {
  const only = process.argv[2];
  const selected = BENCHES.filter((b) => !only || b.name === only);
  if (!selected.length) throw new Error(`No benchmark named "${only}". Known: ${BENCHES.map((b) => b.name).join(', ')}.`);
  await mkdir(resultsDir, { recursive: true });
  const problems: string[] = [];
  const tables: string[] = [];
  for (const bench of selected) {
    console.log(`\n== ${bench.name}`);
    const rssBefore = process.memoryUsage().rss;
    const rep = await bench.run();
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    // The in-process benches serve the app from this process: its RSS is theirs (store's web and worker are their own processes).
    rep.notes.push(`bench process RSS: ${mb(rssBefore)} MB before, ${mb(process.memoryUsage().rss)} MB after.`);
    const file = `${resultsDir}${rep.name}.json`;
    const meta = { at: new Date().toISOString(), node: process.version, platform: `${process.platform}-${process.arch}` };
    await writeFile(file, JSON.stringify({ ...meta, ...rep }, null, 2) + '\n');
    tables.push(formatTable(rep) + `\n  results: ${file}`);
    problems.push(...failures(rep.rows).map((p) => `${rep.name}: ${p}`));
  }
  console.log('\n' + tables.join('\n\n'));
  if (problems.length) {
    console.error(`\nBENCHMARK INVALID: every request must succeed.\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main()
  .catch((err: unknown) => {
    console.error('\nBenchmark failed:', err);
    process.exitCode = 1;
  })
  .finally(() => {
    // Everything is closed by now; this only guards against a stray handle keeping the process alive.
    setTimeout(() => {
      console.error('bench: a handle stayed open after cleanup; exiting.');
      process.exit(process.exitCode ?? 1);
    }, 5000).unref();
  });
