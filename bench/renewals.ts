// Renewal invoices per second: N active services all due on one day (100,000, and 10,000 to show
// how cost grows), billed by the app (startBillingRun, the outbox relay through Redis, and a real
// worker process running every batch), next to one INSERT … SELECT doing the same inserts in raw
// SQL: periods, grouped invoices with their totals and tax, lines, and billed_until. Both start
// from the same database state, restored from a template before each measurement, and both
// results are checked and compared, so a baseline that does less work cannot pass.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.ts';
import { migrate, openOrm, type Orm } from '../src/db/orm.ts';
import { BATCH_CLIENTS, BATCH_SERVICES, startBillingRun } from '../src/modules/billing/start-billing-run.ts';
import { createCatalog } from '../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../src/modules/catalog/create-package.ts';
import { savePrice } from '../src/modules/catalog/save-price.ts';
import { payInvoice } from '../src/modules/invoicing/pay-invoice.ts';
import { placeOrder } from '../src/modules/checkout/place-order.ts';
import { saveCurrency } from '../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../src/modules/settings/save-tax-rate.ts';
import { createQueues } from '../src/queue/queues.ts';
import { createRelay } from '../src/queue/relay.ts';
import { report, type BenchReport, type Measured } from './harness.ts';
import { buildDist, scriptArgs } from './processes.ts';
import { admin, intEnv, median, percentile, PG_SERVER, sleep, until } from './support.ts';

const DB = 'hostbill_bench_renewals';
const TEMPLATE = `${DB}_tpl`;
const DB_URL = `${PG_SERVER}/${DB}`;
const SIZES = (process.env.BENCH_RENEWAL_SIZES ?? '10000,100000').split(',').map((s) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 6 || n > 2_000_000)
    throw new Error(`BENCH_RENEWAL_SIZES: "${s}" is not a number of services from 6 to 2000000.`);
  return n;
});
const ROUNDS = intEnv('BENCH_ROUNDS', 3, 1, 20);
const RUN_TIMEOUT_MS = 15 * 60_000;
// Far from the real clock, so the scan and sweep the worker schedules at boot (for today) find nothing.
const DUE = '2031-01-31';
const AS_OF = '2031-01-24'; // DUE - invoice_days_before (7): the day the run bills DUE
const FIRST_START = '2030-12-31';
const NOW = new Date(`${AS_OF}T03:00:00Z`);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const label = (what: 'raw' | 'app', n: number) =>
  what === 'raw' ? `raw INSERT … SELECT, ${n / 1000}k services` : `app: run + worker, ${n / 1000}k services`;

// ---- the dataset ------------------------------------------------------------------------------

/**
 * Clients with 1, 2 or 3 services in turn (so invoices ≈ services / 2), USD or EUR, in Germany
 * (19%), France (20%) or the US (no tax row); taxable and untaxed packages; every service monthly
 * on anchor 31, its first period paid, due on DUE. Catalog, currencies and one real order per
 * price through the app; the bulk through generate_series, copying the order's snapshot.
 */
async function buildTemplate(n: number) {
  await admin(`drop database if exists ${TEMPLATE} with (force)`);
  await admin(`create database ${TEMPLATE}`);
  const orm = await openOrm(`${PG_SERVER}/${TEMPLATE}`);
  try {
    await migrate(orm);
    const em = () => orm.em.fork();
    const sql = <T>(q: string, p: unknown[] = []) => orm.em.getConnection().execute<T[]>(q, p);
    await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
    await saveCurrency(em(), { code: 'EUR', name: 'Euro', rate: '0.92' });
    await saveTaxRate(em(), { country: 'DE', name: 'MwSt', rate: '19' });
    await saveTaxRate(em(), { country: 'FR', name: 'TVA', rate: '20' });
    const catalog = await createCatalog(em(), { name: 'Hosting' });
    const moulds: { package_id: number; price_id: number; currency: string; taxable: boolean; snapshot: unknown }[] = [];
    for (const [name, taxable] of [
      ['Web', '1'],
      ['Backup', ''],
    ] as const) {
      const pkg = await createPackage(em(), { catalogId: catalog.id, name, taxable });
      for (const [currency, price, renewal] of [
        ['USD', '9.9900', '10.4999'],
        ['EUR', '8.3333', null],
      ] as const) {
        await savePrice(em(), pkg.id, undefined, {
          name: 'Monthly',
          type: 'recurring',
          intervalCount: 1,
          period: 'month',
          currency,
          price,
          renewalPrice: renewal,
        });
        const [c] = await sql<{ id: number }>(`insert into client (email, name, country, currency) values (?, ?, 'DE', ?) returning id`, [
          `mould-${name}-${currency}@example.com`,
          'Mould',
          currency,
        ]);
        const at = new Date(`${FIRST_START}T12:00:00Z`);
        const { invoice } = await placeOrder(em(), { clientId: c!.id, packageId: pkg.id, priceName: 'Monthly' }, at);
        await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `mould-${invoice.id}` }, at);
        const [s] = await sql<{ package_id: number; price_id: number; price_snapshot: unknown }>(
          'select package_id, price_id, price_snapshot from service where client_id = ?',
          [c!.id],
        );
        moulds.push({ package_id: s!.package_id, price_id: s!.price_id, currency, taxable: taxable === '1', snapshot: s!.price_snapshot });
      }
    }
    // The moulds' own services stay pending: never billed.
    // Service i (1-based) belongs to client slot floor((i-1)/6)*3 + [0,1,1,2,2,2][(i-1)%6].
    const clients = Math.floor(n / 6) * 3 + [0, 1, 2, 2, 3, 3][n % 6]!;
    await sql(
      `insert into client (email, name, country, currency)
       select 'client' || k || '@example.com', 'Client ' || k, (array['DE', 'FR', 'US'])[1 + k % 3], case when k % 5 = 0 then 'EUR' else 'USD' end
         from generate_series(0, ? - 1) k`,
      [clients],
    );
    await sql(
      `with m as (select * from jsonb_to_recordset(?::jsonb) as r(package_id int, price_id int, currency text, taxable boolean, snapshot jsonb)),
            c as (select id, row_number() over (order by id) - 1 as k, currency from client where email like 'client%'),
            s as (insert into service (client_id, package_id, price_id, status, price_snapshot, anchor_day, next_due_date, provisioned_at, created_at, updated_at)
                  select c.id, m.package_id, m.price_id, 'active',
                         jsonb_set(jsonb_set(jsonb_set(m.snapshot, '{quote,periodStart}', to_jsonb(?::text)), '{quote,periodEnd}', to_jsonb(?::text)), '{quote,firstRenewalDate}', to_jsonb(?::text)),
                         31, ?::date, ?::timestamptz, ?::timestamptz, ?::timestamptz
                    from generate_series(1, ?) i
                    join c on c.k = ((i - 1) / 6) * 3 + (array[0, 1, 1, 2, 2, 2])[1 + (i - 1) % 6]
                    join m on m.currency = c.currency and m.taxable = (i % 4 <> 0)
                  order by i returning id)
       insert into service_period (service_id, period_start, period_end, paid_at, created_at)
       select id, ?::date, ?::date, ?::timestamptz, ?::timestamptz from s`,
      [
        JSON.stringify(moulds),
        FIRST_START,
        DUE,
        DUE,
        DUE,
        FIRST_START,
        FIRST_START,
        FIRST_START,
        n,
        FIRST_START,
        DUE,
        FIRST_START,
        FIRST_START,
      ],
    );
    // History, as a host of this size has: each client's first period was paid on an invoice of its own.
    await sql(
      `with h as (select s.client_id, c.currency, sum((s.price_snapshot->'quote'->>'subtotal')::numeric) as amount
                    from service s join client c on c.id = s.client_id where s.status = 'active' group by s.client_id, c.currency),
            inv as (insert into invoice (client_id, status, currency, subtotal, tax, total, due_date, paid_at, created_at)
                    select client_id, 'paid', currency, amount, 0, amount, ?, ?, ? from h returning id, client_id),
            lines as (insert into invoice_line (invoice_id, kind, description, amount, taxable, service_id, period_start, period_end)
                      select inv.id, 'price', 'First period', (s.price_snapshot->'quote'->>'subtotal')::numeric, false, s.id, ?, ? from service s join inv using (client_id) where s.status = 'active')
       update service_period sp set invoice_id = inv.id from service s join inv using (client_id) where sp.service_id = s.id and s.status = 'active'`,
      [FIRST_START, FIRST_START, FIRST_START, FIRST_START, DUE],
    );
    const [got] = await sql<{ services: number; clients: number }>(
      `select (select count(*) from service where status = 'active')::int as services, (select count(*) from client where email like 'client%')::int as clients`,
    );
    if (got!.services !== n) throw new Error(`The dataset has ${got!.services} services, not ${n}.`);
    await sql('vacuum analyze');
    return { clients: got!.clients };
  } finally {
    await orm.close(true);
  }
}

/** The database as the template left it: the same state for every measurement. */
async function restore() {
  await admin(`drop database if exists ${DB} with (force)`);
  await admin(`create database ${DB} template ${TEMPLATE}`);
  // A copy does not take the template's own settings: the one the migrations set, as a migrated database has it.
  await admin(`alter database ${DB} set jit = off`);
}

// ---- what both paths must have written ----------------------------------------------------------

interface Outcome {
  invoices: number;
  lines: number;
  periods: number;
  linked: number;
  billed: number;
  subtotal: string;
  tax: string;
  total: string;
  duplicates: number;
}
async function outcome(orm: Orm): Promise<Outcome> {
  const [o] = await orm.em.getConnection().execute<Outcome[]>(
    `select (select count(*) from invoice where order_id is null and due_date = '2031-01-31')::int as invoices,
            (select count(*) from invoice_line where kind = 'renewal')::int as lines,
            (select count(*) from service_period where period_start = ?)::int as periods,
            (select count(*) from service_period sp join invoice_line l on l.service_id = sp.service_id and l.period_start = sp.period_start and l.invoice_id = sp.invoice_id where sp.period_start = ?)::int as linked,
            (select count(*) from service where billed_until = '2031-02-28')::int as billed,
            (select coalesce(sum(subtotal), 0)::text from invoice where order_id is null and due_date = '2031-01-31') as subtotal,
            (select coalesce(sum(tax), 0)::text from invoice where order_id is null and due_date = '2031-01-31') as tax,
            (select coalesce(sum(total), 0)::text from invoice where order_id is null and due_date = '2031-01-31') as total,
            (select count(*) - count(distinct (service_id, period_start)) from invoice_line where kind = 'renewal')::int as duplicates`,
    [DUE, DUE],
  );
  return o!;
}

// ---- the baseline -------------------------------------------------------------------------------

/**
 * One statement: the due services with their next period (month terms clamped to the anchor, as
 * the app computes them), one invoice per client, due date and currency with subtotal and tax
 * rounded to the currency after summing, the periods pointing at their invoice, the lines, and
 * billed_until moved on. No batches, no run bookkeeping, no round trips.
 */
const RAW = `
with due as materialized (
  select s.id as service_id, s.client_id, b.start, s.price_snapshot->'quote'->>'currency' as currency,
         case when pr.period in ('month', 'year') then
           (date_trunc('month', b.start) + make_interval(months => pr.months))::date
             + (least(coalesce(s.anchor_day, extract(day from b.start)::int),
                      extract(day from date_trunc('month', b.start) + make_interval(months => pr.months + 1) - interval '1 day')::int) - 1)
         else b.start + pr.days end as period_end,
         (s.price_snapshot->'quote'->>'renewalAmount')::numeric / greatest(1, coalesce((s.price_snapshot->'quote'->'lines'->0->>'quantity')::int, 1)) as amount,
         p.taxable, p.name as package_name, t.rate, coalesce(cur.minor_units, 2) as minor_units
    from service s
    cross join lateral (select coalesce(s.billed_until, s.next_due_date) as start) b
    cross join lateral (select s.price_snapshot->'price'->>'period' as period,
                               (s.price_snapshot->'price'->>'intervalCount')::int * case s.price_snapshot->'price'->>'period' when 'year' then 12 else 1 end as months,
                               (s.price_snapshot->'price'->>'intervalCount')::int * case s.price_snapshot->'price'->>'period' when 'week' then 7 else 1 end as days) pr
    join package p on p.id = s.package_id join client c on c.id = s.client_id
    left join tax_rate t on t.country = c.country left join currency cur on cur.code = s.price_snapshot->'quote'->>'currency'
   where s.status in ('active', 'suspended') and s.next_due_date is not null and b.start <= $1::date
     and (s.cancel_at is null or s.cancel_at > b.start) and s.price_snapshot->'price'->>'type' = 'recurring'
),
grouped as (
  select client_id, start, currency, nextval(pg_get_serial_sequence('invoice', 'id'))::int as id,
         round(sum(amount), max(minor_units)) as subtotal,
         case when bool_or(taxable) then max(rate) end as tax_rate,
         round(round(coalesce(sum(amount) filter (where taxable), 0), max(minor_units)) * coalesce(case when bool_or(taxable) then max(rate) end, 0) / 100, max(minor_units)) as tax
    from due group by client_id, start, currency
),
invoices as (
  insert into invoice (id, client_id, status, currency, subtotal, tax, total, tax_rate, due_date, created_at)
  select id, client_id, 'unpaid', currency, subtotal, tax, subtotal + tax, tax_rate, start, $2 from grouped returning id
),
periods as (
  insert into service_period (service_id, period_start, period_end, invoice_id, created_at)
  select d.service_id, d.start, d.period_end, g.id, $2 from due d join grouped g using (client_id, start, currency)
  on conflict (service_id, period_start) do nothing returning id
),
lines as (
  insert into invoice_line (invoice_id, kind, description, amount, taxable, service_id, period_start, period_end)
  select g.id, 'renewal', left(d.package_name || ' #' || d.service_id || ', ' || d.start || ' to ' || d.period_end, 300), d.amount, d.taxable, d.service_id, d.start, d.period_end
    from due d join grouped g using (client_id, start, currency) returning id
),
billed as (update service s set billed_until = d.period_end from due d where s.id = d.service_id returning s.id)
select (select count(*) from invoices)::int as invoices, (select count(*) from periods)::int as periods,
       (select count(*) from lines)::int as lines, (select count(*) from billed)::int as billed`;

async function rawRound() {
  await restore();
  const orm = await openOrm(DB_URL);
  try {
    const conn = orm.em.getConnection();
    await conn.execute('select 1');
    const t0 = performance.now();
    await orm.em
      .fork()
      .transactional((tx) =>
        tx.getConnection().execute(RAW.replace('$1', '?').replace(/\$2/g, '?'), [DUE, NOW, NOW], 'all', tx.getTransactionContext()),
      );
    const wallMs = performance.now() - t0;
    return { wallMs, out: await outcome(orm), latencies: [wallMs], failed: 0, rssIdleKb: 0, hwmBootKb: 0, rssPeakKb: 0, batches: 1 };
  } finally {
    await orm.close(true);
  }
}

// ---- the app path: this process scans and relays (as the web does), a worker process bills ------

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((s) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0));
}

async function startWorker(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string; ready: Promise<void> }> {
  // The compiled worker, exactly as `npm run worker -- --queues billing` starts it.
  const child = spawn(process.execPath, [...(await scriptArgs('worker')), '--queues', 'billing'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const ready = until(
    () => {
      if (child.exitCode !== null) throw new Error(`The worker exited with ${child.exitCode}:\n${out}`);
      return out.includes('Worker serving: billing');
    },
    60_000,
    'the worker to start',
    50,
  );
  return { child, output: () => out, ready };
}

async function appRound() {
  await restore();
  const config = loadConfig();
  const prefix = `hbbench-renewals-${process.pid}-${Date.now().toString(36)}`;
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const orm = await openOrm(DB_URL);
  const queues = createQueues(redis, prefix, config.JOB_BACKOFF_MS);
  const relay = createRelay(orm, queues);
  const worker = await startWorker({ DATABASE_URL: DB_URL, QUEUE_PREFIX: prefix, NODE_ENV: 'development' });
  let peakRss = 0;
  const sampler = setInterval(
    () =>
      void statusKb(worker.child.pid!, 'VmRSS').then(
        (kb) => (peakRss = Math.max(peakRss, kb)),
        () => undefined,
      ),
    50,
  );
  try {
    await worker.ready;
    // Let the schedules the worker registers at boot (a scan and a sweep for the real today) finish.
    await until(
      async () => {
        const c = await queues.billing.getJobCounts('active', 'waiting');
        return (c.active ?? 0) + (c.waiting ?? 0) === 0;
      },
      30_000,
      'the boot-time billing jobs',
      50,
    );
    await sleep(200);
    const rssIdleKb = await statusKb(worker.child.pid!, 'VmRSS');
    const hwmBootKb = await statusKb(worker.child.pid!, 'VmHWM');
    const sql = <T>(q: string, p: unknown[] = []) => orm.em.getConnection().execute<T[]>(q, p);
    const t0 = performance.now();
    const { runId, batches } = await startBillingRun(orm.em.fork(), { asOf: AS_OF, trigger: 'staff', actor: 'bench' }, NOW);
    relay.kick(); // what the app does after the transaction that recorded the batches commits
    await until(
      async () => (await sql<{ status: string }>('select status from billing_run where id = ?', [runId]))[0]!.status !== 'running',
      RUN_TIMEOUT_MS,
      `billing run #${runId} (${batches} batches) to finish`,
      20,
    );
    const wallMs = performance.now() - t0;
    const rssPeakKb = Math.max(peakRss, await statusKb(worker.child.pid!, 'VmHWM'));
    const [run] = await sql<{ status: string; invoices: number; failures: number }>(
      'select status, invoices, failures from billing_run where id = ?',
      [runId],
    );
    const jobs = (await queues.billing.getJobs(['completed'], 0, -1)).filter((j) => j.name === 'renewal-batch');
    const failedJobs = (await queues.billing.getJobs(['failed'], 0, -1)).filter((j) => j.name === 'renewal-batch').length;
    const latencies = jobs.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0));
    const out = await outcome(orm);
    if (run!.status !== 'done' || run!.invoices !== out.invoices)
      throw new Error(`Run #${run!.status}: ${run!.invoices} invoices counted, ${out.invoices} in the table.\n${worker.output()}`);
    return { wallMs, out, latencies, failed: failedJobs + run!.failures, rssIdleKb, hwmBootKb, rssPeakKb, batches };
  } finally {
    clearInterval(sampler);
    worker.child.kill('SIGTERM');
    await new Promise((r) => (worker.child.exitCode !== null ? r(null) : worker.child.once('exit', r)));
    await relay.idle();
    for (const q of Object.values(queues)) {
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }))
      if ((keys as string[]).length) await redis.del(...(keys as string[]));
    await redis.quit();
    await orm.close(true);
  }
}

// ---- the report ---------------------------------------------------------------------------------

type Round = Awaited<ReturnType<typeof rawRound>>;

export async function renewalsBench(): Promise<BenchReport> {
  buildDist();
  const rows: Measured[] = [];
  const notes: string[] = [];
  const per10k: Record<string, { n: number; ms: number }[]> = { raw: [], app: [] };
  const ratios: string[] = [];
  const rss: string[] = [];
  try {
    for (const n of SIZES) {
      const t = performance.now();
      const { clients } = await buildTemplate(n);
      console.log(`  dataset: ${n} services of ${clients} clients, due ${DUE} (${((performance.now() - t) / 1000).toFixed(1)}s to build)`);
      const rounds: Record<'raw' | 'app', Round[]> = { raw: [], app: [] };
      for (let i = 1; i <= ROUNDS; i++) {
        for (const what of ['raw', 'app'] as const) {
          const r = what === 'raw' ? await rawRound() : await appRound();
          rounds[what].push(r);
          console.log(
            `  ${label(what, n).padEnd(34)} round ${i}/${ROUNDS}: ${r.out.invoices} invoices in ${(r.wallMs / 1000).toFixed(2)}s = ${Math.round((r.out.invoices / r.wallMs) * 1000)} invoices/s${what === 'app' ? `, ${r.batches} batches, worker RSS ${(r.rssIdleKb / 1024).toFixed(0)} MB idle (boot peak ${(r.hwmBootKb / 1024).toFixed(0)} MB) -> ${(r.rssPeakKb / 1024).toFixed(0)} MB peak` : ''}`,
          );
        }
      }
      // Same work or the comparison means nothing: the same counts and the same money, to the unit.
      const [raw0, app0] = [rounds.raw[0]!.out, rounds.app[0]!.out];
      for (const r of [...rounds.raw, ...rounds.app]) {
        if (JSON.stringify(r.out) !== JSON.stringify(raw0))
          throw new Error(`Raw and app results differ at ${n}: ${JSON.stringify(raw0)} vs ${JSON.stringify(r.out)}`);
      }
      if (app0.periods !== n || app0.lines !== n || app0.linked !== n || app0.billed !== n || app0.duplicates !== 0)
        throw new Error(`Not every service billed exactly once at ${n}: ${JSON.stringify(app0)}`);
      const rates: Record<string, number> = {};
      for (const what of ['raw', 'app'] as const) {
        const rs = rounds[what];
        const wall = median(rs.map((r) => r.wallMs));
        const lat = rs.flatMap((r) => r.latencies);
        rates[what] = (app0.invoices / wall) * 1000;
        per10k[what]!.push({ n, ms: (wall * 10_000) / n });
        rows.push(
          Object.assign(
            {
              label: label(what, n),
              path: what === 'raw' ? 'one statement' : `startBillingRun -> outbox -> BullMQ -> worker (${rs[0]!.batches} batches)`,
              rps: rates[what],
              p50: percentile(lat, 50),
              p99: percentile(lat, 99),
              requests: app0.invoices,
              non2xx: rs.reduce((s, r) => s + r.failed, 0),
              errors: rs.reduce((s, r) => s + r.out.duplicates, 0),
              timeouts: 0,
            },
            {
              services: n,
              wallMs: rs.map((r) => +r.wallMs.toFixed(1)),
              ...(what === 'app'
                ? {
                    workerRssIdleMb: rs.map((r) => +(r.rssIdleKb / 1024).toFixed(1)),
                    workerRssPeakMb: rs.map((r) => +(r.rssPeakKb / 1024).toFixed(1)),
                  }
                : {}),
            },
          ),
        );
      }
      ratios.push(
        `${n / 1000}k: app ${rates.app!.toFixed(0)} / raw ${rates.raw!.toFixed(0)} invoices/s = ${(rates.app! / rates.raw!).toFixed(3)}`,
      );
      const app = rounds.app;
      rss.push(
        `${n / 1000}k: ${(median(app.map((r) => r.rssIdleKb)) / 1024).toFixed(0)} MB idle after boot (boot peak ${(Math.max(...app.map((r) => r.hwmBootKb)) / 1024).toFixed(0)} MB) -> ${(Math.max(...app.map((r) => r.rssPeakKb)) / 1024).toFixed(0)} MB peak during the run`,
      );
      notes.push(
        `${n / 1000}k: ${n} services of ${clients} clients -> ${app0.invoices} invoices, ${app0.lines} lines; subtotal ${app0.subtotal}, tax ${app0.tax}, total ${app0.total} (identical for raw and app).`,
      );
    }
  } finally {
    await admin(`drop database if exists ${DB} with (force)`);
    await admin(`drop database if exists ${TEMPLATE} with (force)`);
  }
  const growth = (what: string) => {
    const xs = per10k[what]!;
    const s = xs.map((x) => `${(x.ms / 1000).toFixed(2)}s per 10k at ${x.n / 1000}k`).join(', ');
    return xs.length > 1 ? `${s} (x${(xs[xs.length - 1]!.ms / xs[0]!.ms).toFixed(2)})` : s;
  };
  const cfg = loadConfig();
  const baselines = SIZES.map((n) => ({ key: `raw ${n / 1000}k`, label: label('raw', n) }));
  const rep = report(
    'renewals',
    [...rows.filter((r) => r.label.startsWith('raw')), ...rows.filter((r) => r.label.startsWith('app'))],
    baselines,
    [
      `req/s = invoices per second, from the start of the run until billing_run.status = 'done' (app) or the statement's commit (raw); p50/p99 = one batch job, processedOn -> finishedOn (app), the whole statement (raw).`,
      `app / raw invoices per second: ${ratios.join('; ')}.`,
      `cost per 10k services (linear if the factor is ~1): app ${growth('app')}; raw ${growth('raw')}.`,
      `worker peak RSS (VmHWM of the worker process, WORKER_CONCURRENCY=${cfg.WORKER_CONCURRENCY}, batches of <= ${BATCH_CLIENTS} clients / ${BATCH_SERVICES} services): ${rss.join('; ')}.`,
      ...notes,
      `non-2xx = failed batch jobs + services the run reported as failed; errors = duplicate lines for one period; both must be 0. Each measurement starts from a fresh copy of the template database (${ROUNDS} round(s), BENCH_ROUNDS; sizes BENCH_RENEWAL_SIZES).`,
      `this process (scan, relay, PostgreSQL client) and the worker process share ${availableParallelism()} CPU(s) with PostgreSQL and Redis.`,
    ],
  );
  return {
    ...rep,
    connections: cfg.WORKER_CONCURRENCY,
    seconds: Math.max(
      1,
      Math.round(rows.reduce((s, r) => s + (r as Measured & { wallMs: number[] }).wallMs.reduce((a, b) => a + b, 0), 0) / 1000),
    ),
  };
}
