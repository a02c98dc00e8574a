// Two years of renewals, day by day, for 2,000 services: mixed terms and anchors (29/30/31, a
// yearly Feb 29), clients with several services due together, credit balances, USD/EUR/JPY,
// taxable or not, in several tax countries. Every day three billing runs race each other (and the
// day's payments and credit top-ups); invoices are paid on time, late, twice at once, twice days
// apart, or never. At the end the ledger is compared with periods computed here independently.
// SIM_SEED=<n> replays a run: every random choice comes from the seed (payment plans are drawn
// from the invoice's client, due date and currency, not its id, so racing inserts change nothing).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { mulberry32 } from '../helpers/random.ts';
import { billingEmailsOff } from '../helpers/notices.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { addCredit } from '../../src/modules/invoicing/add-credit.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { startBillingRun } from '../../src/modules/billing/start-billing-run.ts';
import { processRenewalBatch } from '../../src/modules/billing/process-renewal-batch.ts';
import { parsePriceSnapshot } from '../../src/modules/pricing/rules/price-snapshot.ts';

const SEED = Number(process.env.SIM_SEED ?? 20261122);
const SERVICES = 2000;
const DAY0 = '2027-02-01';
const DAYS = Number(process.env.SIM_DAYS ?? 730); // through 2029-01-30: two Februaries, one of them 2028's leap day
const DAYS_BEFORE = 7; // invoice_days_before (the default)
const PAY_CONCURRENCY = 8;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

// ---- independent calendar arithmetic (not the app's): dates as 'YYYY-MM-DD' -------------------
const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const plusDays = (d: string, n: number) => iso(ms(d) + n * DAY_MS);
const dim = (y: number, m0: number) => new Date(Date.UTC(y, m0 + 1, 0)).getUTCDate();
type Period = 'day' | 'week' | 'month' | 'year';
/** `n` terms after `start`; month/year terms land on min(anchor, days in month). */
function shift(start: string, anchor: number, count: number, period: Period, n: number): string {
  if (period === 'day' || period === 'week') return plusDays(start, n * count * (period === 'week' ? 7 : 1));
  const [y, m] = start.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n * count * (period === 'year' ? 12 : 1);
  const [yy, mm] = [Math.floor(total / 12), total % 12];
  return iso(Date.UTC(yy, mm, Math.min(anchor, dim(yy, mm))));
}

// ---- seeded randomness -----------------------------------------------------------------------
const hash = (s: string) => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
const rng = mulberry32(SEED);
const pick = <T>(xs: readonly T[], r = rng) => xs[Math.floor(r() * xs.length)]!;
const between = (lo: number, hi: number, r = rng) => lo + Math.floor(r() * (hi - lo + 1));

// ---- the catalog: terms x currencies, amounts that exercise 4-decimal lines and rounding -------
interface PriceDef {
  pkg: 'web' | 'vps' | 'domain' | 'backup';
  name: string;
  count: number;
  period: Period;
  currency: 'USD' | 'EUR' | 'JPY';
  price: string;
  renewal?: string;
  weight: number;
}
const PRICES: PriceDef[] = [
  { pkg: 'web', name: 'Monthly', count: 1, period: 'month', currency: 'USD', price: '3.3333', weight: 14 },
  { pkg: 'web', name: 'Monthly', count: 1, period: 'month', currency: 'EUR', price: '4.9950', weight: 8 },
  { pkg: 'web', name: 'Monthly', count: 1, period: 'month', currency: 'JPY', price: '1234.5000', weight: 6 },
  { pkg: 'web', name: 'Quarterly', count: 3, period: 'month', currency: 'USD', price: '29.9900', renewal: '27.4999', weight: 8 },
  { pkg: 'web', name: 'Yearly', count: 1, period: 'year', currency: 'USD', price: '99.9900', weight: 6 },
  { pkg: 'vps', name: 'Monthly', count: 1, period: 'month', currency: 'USD', price: '19.9999', renewal: '21.0050', weight: 12 },
  { pkg: 'vps', name: 'Monthly', count: 1, period: 'month', currency: 'EUR', price: '18.5000', weight: 6 },
  { pkg: 'vps', name: 'Monthly', count: 1, period: 'month', currency: 'JPY', price: '2500.5000', weight: 4 },
  { pkg: 'vps', name: 'Half-yearly', count: 6, period: 'month', currency: 'EUR', price: '100.0050', weight: 4 },
  { pkg: 'vps', name: 'Weekly', count: 1, period: 'week', currency: 'USD', price: '5.5555', weight: 2 },
  { pkg: 'vps', name: 'Fortnightly', count: 2, period: 'week', currency: 'JPY', price: '777.7000', weight: 2 },
  { pkg: 'vps', name: 'Daily', count: 1, period: 'day', currency: 'USD', price: '0.3333', weight: 0.4 },
  { pkg: 'vps', name: '3 days', count: 3, period: 'day', currency: 'EUR', price: '1.0001', weight: 0.8 },
  { pkg: 'vps', name: '10 days', count: 10, period: 'day', currency: 'JPY', price: '333.3333', weight: 1.5 },
  { pkg: 'domain', name: 'Yearly', count: 1, period: 'year', currency: 'USD', price: '12.3456', renewal: '14.9999', weight: 8 },
  { pkg: 'domain', name: 'Yearly', count: 1, period: 'year', currency: 'JPY', price: '1500.0000', weight: 3 },
  { pkg: 'domain', name: '2 years', count: 2, period: 'year', currency: 'EUR', price: '20.0000', weight: 3 },
  { pkg: 'backup', name: 'Monthly', count: 1, period: 'month', currency: 'USD', price: '1.1111', weight: 6 },
  { pkg: 'backup', name: 'Yearly', count: 1, period: 'year', currency: 'EUR', price: '0.9999', weight: 3 },
];
const TAXABLE = { web: true, vps: true, domain: false, backup: false };
const COUNTRIES = [
  ['DE', '19'],
  ['FR', '20'],
  ['JP', '10'],
  ['US', null],
  ['GB', '17.5'],
] as const;
const weighted = (xs: PriceDef[], r = rng() * xs.reduce((s, x) => s + x.weight, 0)) =>
  xs.find((x) => (r -= x.weight) < 0) ?? xs[xs.length - 1]!;

interface Svc {
  clientId: number;
  priceIdx: number;
  anchor: number;
  start: string;
  due: string;
  cancelAt: string | null;
  parentSeq?: number;
}

/** A first (paid) period for a service whose next due date falls near day 0, on its anchor. */
function firstPeriod(p: PriceDef, anchor: number, dueNear: string): { start: string; due: string } {
  if (p.period === 'day' || p.period === 'week') return { start: shift(dueNear, 0, p.count, p.period, -1), due: dueNear };
  // On the anchor in dueNear's month (clamped), then one term back for the start.
  const [y, m] = dueNear.split('-').map(Number) as [number, number];
  const due = iso(Date.UTC(y, m - 1, Math.min(anchor, dim(y, m - 1))));
  return { start: shift(due, anchor, p.count, p.period, -1), due };
}

// ---- payments: each invoice's plan comes from a hash of what identifies it ----------------------
type Plan = { kind: 'on-time' | 'late' | 'double-now' | 'double-later' | 'never'; days: number[] };
function planFor(inv: { client_id: number; due_date: string; currency: string }, today: string): Plan {
  const r = mulberry32(hash(`${SEED}|${inv.client_id}|${inv.due_date}|${inv.currency}`));
  const x = r();
  const toDue = Math.max(1, Math.round((ms(inv.due_date) - ms(today)) / DAY_MS));
  const onTime = () => plusDays(today, between(1, toDue, r));
  if (x < 0.68) return { kind: 'on-time', days: [ms(onTime())] };
  if (x < 0.8) return { kind: 'late', days: [Math.max(ms(today) + DAY_MS, ms(plusDays(inv.due_date, between(1, 12, r))))] };
  if (x < 0.88) return { kind: 'double-now', days: [ms(onTime())] };
  if (x < 0.94) {
    const first = onTime();
    return { kind: 'double-later', days: [ms(first), ms(plusDays(first, between(1, 9, r)))] };
  }
  return { kind: 'never', days: [] };
}

const stats = { errors: new Map<string, number>(), payments: 0, doublePays: 0 };
const noteError = (what: string, err: unknown) => {
  const key = `${what}: ${String((err as Error).message)
    .replace(/\d+/g, 'N')
    .slice(0, 160)}`;
  stats.errors.set(key, (stats.errors.get(key) ?? 0) + 1);
};
/** A job or a gateway retries a failed attempt (a deadlock victim, say); every failure is counted and reported. */
async function retried<T>(what: string, fn: () => Promise<T>, attempt = 1): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    noteError(what, err);
    if (attempt >= 5) throw err;
    return retried(what, fn, attempt + 1);
  }
}
async function inPool<T>(items: T[], n: number, fn: (t: T) => Promise<unknown>, next = { i: 0 }) {
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next.i < items.length) await fn(items[next.i++]!);
    }),
  );
}

const svcs: Svc[] = [];
const priceRows: { def: PriceDef; id: number; packageId: number; snapshot: unknown }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  // The ledger is what this run checks; the emails about it have a simulation of their own
  // (documents-simulation.test.ts), so 48,000 invoices and receipts are not rendered here.
  await billingEmailsOff(em());
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveCurrency(em(), { code: 'EUR', name: 'Euro', rate: '0.92' });
  await saveCurrency(em(), { code: 'JPY', name: 'Yen', rate: '151.5', minorUnits: '0' });
  for (const [country, rate] of COUNTRIES) if (rate) await saveTaxRate(em(), { country, name: `VAT ${country}`, rate });
  const catalog = await createCatalog(em(), { name: 'Hosting' });
  const pkgs: Record<string, number> = {};
  for (const [key, taxable] of Object.entries(TAXABLE))
    pkgs[key] = (await createPackage(em(), { catalogId: catalog.id, name: key.toUpperCase(), taxable: taxable ? '1' : '' })).id;
  for (const p of PRICES)
    await savePrice(em(), pkgs[p.pkg]!, undefined, {
      name: p.name,
      type: 'recurring',
      intervalCount: p.count,
      period: p.period,
      currency: p.currency,
      price: p.price,
      renewalPrice: p.renewal ?? null,
    });

  // One real order per price (placeOrder + payInvoice): the snapshot every bulk service copies.
  const t0 = new Date(`${plusDays(DAY0, -40)}T12:00:00Z`);
  for (const [i, def] of PRICES.entries()) {
    const [c] = await sql<{ id: number }>(`insert into client (email, name, country, currency) values (?, ?, 'DE', ?) returning id`, [
      `template${i}@example.com`,
      `Template ${i}`,
      def.currency,
    ]);
    const { invoice } = await placeOrder(em(), { clientId: c!.id, packageId: pkgs[def.pkg]!, priceName: def.name }, t0);
    await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `order-${invoice.id}` }, t0);
    const [s] = await sql<{ price_id: number; price_snapshot: unknown }>(
      `select price_id, price_snapshot from service where client_id = ?`,
      [c!.id],
    );
    priceRows.push({ def, id: s!.price_id, packageId: pkgs[def.pkg]!, snapshot: s!.price_snapshot });
    // The snapshot every bulk service copies reads back through the one schema unchanged.
    expect(parsePriceSnapshot(s!.price_snapshot)).toEqual(s!.price_snapshot);
  }
  // The moulds stay as they were ordered (pending, never billed); the simulation leaves them out.

  // Clients: 1 service (most), a handful, or a dozen due together; one or two currencies.
  let clientNo = 0;
  const clients: { no: number; country: string; currency: string }[] = [];
  while (svcs.length < SERVICES) {
    const [country] = pick(COUNTRIES);
    const home = pick(['USD', 'USD', 'EUR', 'JPY'] as const);
    const client = { no: ++clientNo, country, currency: home };
    clients.push(client);
    const n = Math.min(SERVICES - svcs.length, pick([1, 1, 1, 2, 2, 3, 4, 6, 12]));
    const currencies = rng() < 0.1 ? [home, pick(['USD', 'EUR', 'JPY'] as const)] : [home];
    // Several services on one term and anchor: they share each renewal invoice.
    const shared = n >= 4 ? weighted(PRICES.filter((p) => p.currency === home)) : null;
    const sharedAnchor = pick([1, 15, 28, 29, 30, 31]);
    const dueNear = plusDays(DAY0, between(-20, 45));
    const first = svcs.length;
    for (let k = 0; k < n; k++) {
      // About one service in six after a client's first is an add-on of it: co-termed, so the
      // same term, anchor, dates and end (DOMAIN.md "Add-ons"), and billed on its invoice.
      if (k > 0 && rng() < 0.16) {
        svcs.push({ ...svcs[first]!, parentSeq: first });
        continue;
      }
      const def = shared && k < n - 1 ? shared : weighted(PRICES.filter((p) => currencies.includes(p.currency)));
      const leap = def.period === 'year' && rng() < 0.25;
      const anchor = leap ? 29 : shared && def === shared ? sharedAnchor : rng() < 0.4 ? pick([29, 30, 31]) : between(1, 28);
      const near = leap
        ? '2027-02-10'
        : shared && def === shared
          ? dueNear
          : plusDays(DAY0, between(-20, def.period === 'year' ? 360 : 60));
      const { start, due } = firstPeriod(def, def.period === 'day' || def.period === 'week' ? 0 : anchor, near);
      const startDay = Number(start.slice(8, 10));
      const cancelAt = rng() < 0.03 ? plusDays(DAY0, between(30, 600)) : null;
      svcs.push({
        clientId: client.no,
        priceIdx: PRICES.indexOf(def),
        anchor: def.period === 'day' || def.period === 'week' ? startDay : anchor,
        start,
        due,
        cancelAt,
      });
    }
  }
  const ids = await sql<{ id: number }>(
    `insert into client (email, name, country, currency) select 'c' || r.no || '@example.com', 'Client ' || r.no, r.country, r.currency
       from jsonb_to_recordset(?::jsonb) as r(no int, country text, currency text) order by r.no returning id`,
    [JSON.stringify(clients)],
  );
  const idOf = new Map(clients.map((c, i) => [c.no, ids[i]!.id]));
  for (const s of svcs) s.clientId = idOf.get(s.clientId)!;
  // Services and their first paid period, set-based, shaped like createServicesForOrder's.
  await sql(
    `with r as (select * from jsonb_to_recordset(?::jsonb) as r(client_id int, package_id int, price_id int, snapshot jsonb, anchor int, start date, due date, cancel_at date, seq int)),
          s as (insert into service (client_id, package_id, price_id, status, price_snapshot, anchor_day, next_due_date, cancel_at, provisioned_at, created_at, updated_at)
                select client_id, package_id, price_id, 'active',
                       jsonb_set(jsonb_set(jsonb_set(jsonb_set(snapshot, '{quote,anchorDay}', to_jsonb(anchor)), '{quote,periodStart}', to_jsonb(start::text)),
                                 '{quote,periodEnd}', to_jsonb(due::text)), '{quote,firstRenewalDate}', to_jsonb(due::text)),
                       anchor, due, cancel_at, start, start, start
                  from r order by seq returning id, next_due_date, price_snapshot)
     insert into service_period (service_id, period_start, period_end, paid_at)
     select s.id, (s.price_snapshot->'quote'->>'periodStart')::date, s.next_due_date, (s.price_snapshot->'quote'->>'periodStart')::timestamptz from s`,
    [
      JSON.stringify(
        svcs.map((s, seq) => ({
          client_id: s.clientId,
          package_id: priceRows[s.priceIdx]!.packageId,
          price_id: priceRows[s.priceIdx]!.id,
          snapshot: priceRows[s.priceIdx]!.snapshot,
          anchor: s.anchor,
          start: s.start,
          due: s.due,
          cancel_at: s.cancelAt,
          seq,
        })),
      ),
    ],
  );
  // Add-ons point at their parents (services were inserted in seq order).
  const serviceIds = (
    await sql<{ id: number }>(
      `select s.id from service s join client c on c.id = s.client_id where c.email not like 'template%' order by s.id`,
    )
  ).map((r) => r.id);
  const addons = svcs.flatMap((s, seq) => (s.parentSeq === undefined ? [] : [{ id: serviceIds[seq]!, parent: serviceIds[s.parentSeq]! }]));
  await sql(`update service s set parent_id = r.parent from jsonb_to_recordset(?::jsonb) as r(id int, parent int) where s.id = r.id`, [
    JSON.stringify(addons),
  ]);
  // Credit: about one client in eight starts with some (a little, or plenty), through the real action.
  for (const c of clients) {
    if (rng() < 0.12)
      await addCredit(
        em(),
        idOf.get(c.no)!,
        // Amounts staff can type: whole yen, cents of the others.
        {
          amount: pick(c.currency === 'JPY' ? ['1.0000', '7.0000', '40.0000', '3000.0000'] : ['0.5000', '7.2500', '40.0000', '3000.0000']),
          reason: 'Opening balance',
        },
        new Date(`${DAY0}T00:00:00Z`),
      );
  }
}, 120_000);
afterAll(() => db?.drop());

/** Three runs for the same day at once: three runBillingNow, or three scans then all their batches together. */
async function raceScans(day: string, now: Date, dayNo: number) {
  const sizes = [{}, { batchClients: 7 }, { batchClients: 40, batchServices: 25 }];
  if (dayNo % 2 === 0) {
    // A batch that fails inside runBillingNow stays pending; the retry below is BullMQ's.
    await Promise.all(sizes.map((opts) => runBillingNow(em(), day, now, opts).catch((err: unknown) => noteError('runBillingNow', err))));
  } else {
    const runs = await Promise.all(
      sizes.map((opts) => retried('startBillingRun', () => startBillingRun(em(), { asOf: day, trigger: 'schedule' }, now, opts))),
    );
    const batches = await sql<{ id: number }>('select id from billing_run_batch where run_id = any(?::int[])', [
      `{${runs.map((r) => r.runId).join(',')}}`,
    ]);
    await Promise.all(
      batches.map((b) => processRenewalBatch(em(), b.id, now).catch((err: unknown) => noteError('processRenewalBatch', err))),
    );
  }
  // The job retries: whatever batch failed (a deadlock victim) runs again until it is done.
  const pending = await sql<{ id: number }>(`select id from billing_run_batch where status = 'pending' order by id`);
  for (const b of pending) await retried('processRenewalBatch (retry)', () => processRenewalBatch(em(), b.id, now));
}

it(
  'two years day by day with racing runs and payments: every period billed exactly once, extended once when paid, every total adds up',
  { timeout: 600_000 },
  async () => {
    const expected = { paid: [] as number[], unpaid: [] as number[] }; // by the plans, for invoices credit did not pay
    const dueToday = new Map<number, { invoiceId: number; kind: Plan['kind']; second: boolean }[]>();
    const schedule = (t: number, e: { invoiceId: number; kind: Plan['kind']; second: boolean }) =>
      (dueToday.get(t) ?? dueToday.set(t, []).get(t)!).push(e);
    const clientRows = await sql<{ id: number; currency: string }>('select id, currency from client order by id');
    const clientIds = clientRows.map((c) => c.id);
    const currencyOfClient = new Map(clientRows.map((c) => [c.id, c.currency]));
    const payDay = async (today: string) => {
      const todays = dueToday.get(ms(today)) ?? [];
      dueToday.delete(ms(today));
      const at = new Date(`${today}T12:00:00Z`);
      await inPool(todays, PAY_CONCURRENCY, async ({ invoiceId, kind, second }) => {
        const pay = (gateway: 'test' | 'manual', reference: string) =>
          retried('payInvoice', () => payInvoice(em(), { invoiceId, gateway, reference }, at));
        stats.payments++;
        if (kind === 'double-now' || second) stats.doublePays++;
        // Reported three times at once (one reference twice, a second gateway's), or again days later.
        if (kind === 'double-now')
          await Promise.all([pay('test', `t-${invoiceId}`), pay('test', `t-${invoiceId}`), pay('manual', `m-${invoiceId}`)]);
        else if (second) await Promise.all([pay('test', `t-${invoiceId}`), pay('manual', `m2-${invoiceId}`)]);
        else await pay('test', `t-${invoiceId}`);
      });
    };
    const topUps = (today: string, dayNo: number) => {
      const r = mulberry32(hash(`${SEED}|topup|${dayNo}`));
      if (r() > 0.15) return Promise.resolve();
      const who = pick(clientIds, r);
      // Amounts staff can type: whole yen, cents of the others.
      const amounts = currencyOfClient.get(who) === 'JPY' ? ['1.0000', '12.0000', '250.0000'] : ['1.0000', '12.3400', '250.0000'];
      return retried('addCredit', () =>
        addCredit(em(), who, { amount: pick(amounts, r), reason: 'Top-up' }, new Date(`${today}T09:00:00Z`)),
      );
    };

    let today = DAY0;
    for (let d = 0; d < DAYS; d++, today = plusDays(today, 1)) {
      const now = new Date(`${today}T06:00:00Z`);
      // Yesterday's and older invoices are paid while today's runs race each other.
      await Promise.all([raceScans(today, now, d), payDay(today), topUps(today, d)]);
      // Nothing due by today's horizon is left unbilled.
      const [left] = await sql<{ n: number }>(
        `select count(*)::int as n from service s where s.status = 'active' and coalesce(s.billed_until, s.next_due_date) <= ?::date and (s.cancel_at is null or s.cancel_at > coalesce(s.billed_until, s.next_due_date))`,
        [plusDays(today, DAYS_BEFORE)],
      );
      expect(left!.n, `unbilled services after ${today}`).toBe(0);
      const fresh = await sql<{ id: number; client_id: number; due_date: string; currency: string; status: string }>(
        `select id, client_id, due_date::text as due_date, currency, status from invoice where order_id is null and created_at = ? order by id`,
        [now],
      );
      for (const inv of fresh) {
        if (inv.status === 'paid') continue; // the client's credit covered it
        const plan = planFor(inv, today);
        plan.days.forEach((t, i) => schedule(t, { invoiceId: inv.id, kind: plan.kind, second: i > 0 }));
        (plan.days.length && plan.days[0]! < ms(plusDays(DAY0, DAYS)) ? expected.paid : expected.unpaid).push(inv.id);
      }
    }
    const horizon = plusDays(today, DAYS_BEFORE - 1); // the last day's horizon

    // ---- 1. the ledger, against periods computed here from each service's first one ---------
    const rows = await sql<{ id: number; next_due: string; ledger: { s: string; e: string; inv: number | null; paid: boolean }[] }>(
      `select s.id, s.next_due_date::text as next_due,
            jsonb_agg(jsonb_build_object('s', sp.period_start, 'e', sp.period_end, 'inv', sp.invoice_id, 'paid', sp.paid_at is not null) order by sp.period_start) as ledger
       from service s join service_period sp on sp.service_id = s.id join client c on c.id = s.client_id
      where c.email not like 'template%' group by s.id order by s.id`,
    );
    expect(rows).toHaveLength(SERVICES);
    let periods = 0;
    const mismatches: string[] = [];
    for (const [i, row] of rows.entries()) {
      const svc = svcs[i]!;
      const def = PRICES[svc.priceIdx]!;
      const expected: { s: string; e: string }[] = [];
      for (let k = 0, s = svc.start; ; k++) {
        if (k > 0 && (s > horizon || (svc.cancelAt && s >= svc.cancelAt))) break;
        const e = shift(svc.start, svc.anchor, def.count, def.period, k + 1);
        expected.push({ s, e });
        s = e;
      }
      const got = row.ledger.map((p) => ({ s: p.s, e: p.e }));
      if (JSON.stringify(got) !== JSON.stringify(expected))
        mismatches.push(
          `service ${row.id} (${def.count} ${def.period}, anchor ${svc.anchor}, cancel ${svc.cancelAt}): expected ${JSON.stringify(expected.slice(-3))}… (${expected.length}), got ${JSON.stringify(got.slice(-3))}… (${got.length})`,
        );
      if (def.period === 'month' || def.period === 'year') {
        for (const p of row.ledger) {
          const [y, m, dd] = p.e.split('-').map(Number) as [number, number, number];
          if (dd !== Math.min(svc.anchor, dim(y, m - 1)))
            mismatches.push(`service ${row.id}: period end ${p.e} is off anchor ${svc.anchor}`);
        }
      }
      // ---- 4. paid periods extend the service once each: the due date ends the paid chain ---
      let chainEnd = row.ledger[0]!.e;
      for (const p of row.ledger.slice(1))
        if (p.s === chainEnd && p.paid) chainEnd = p.e;
        else break;
      if (row.next_due !== chainEnd) mismatches.push(`service ${row.id}: next due ${row.next_due}, paid chain ends ${chainEnd}`);
      periods += row.ledger.length - 1;
    }
    for (const m of mismatches.slice(0, 3)) {
      const id = Number(/service (\d+)/.exec(m)![1]);
      console.log(
        m,
        JSON.stringify(
          await sql(
            `select sp.period_start::text, sp.period_end::text, sp.invoice_id, sp.paid_at, i.status, i.paid_at as inv_paid, (select json_agg(json_build_object('g', p.gateway, 'r', p.reference, 'at', p.created_at)) from payment p where p.invoice_id = i.id) as pays from service_period sp left join invoice i on i.id = sp.invoice_id where sp.service_id = ? order by 1`,
            [id],
          ),
          null,
          1,
        ),
      );
    }
    expect(mismatches.slice(0, 20)).toEqual([]);

    // ---- 2. one renewal line per billed period, pointing at the same invoice as its ledger row ----
    const [lines] = await sql<{ lines: number; distinct_periods: number; unmatched: number; orphans: number }>(
      `select count(*)::int as lines, count(distinct (l.service_id, l.period_start))::int as distinct_periods,
            count(*) filter (where sp.id is null or sp.invoice_id is distinct from l.invoice_id or sp.period_end <> l.period_end)::int as unmatched,
            (select count(*) from service_period p where p.invoice_id is not null and not exists (select 1 from invoice_line x where x.service_id = p.service_id and x.period_start = p.period_start and x.kind = 'renewal')
               and not exists (select 1 from invoice i where i.id = p.invoice_id and i.order_id is not null))::int as orphans
       from invoice_line l left join service_period sp on sp.service_id = l.service_id and sp.period_start = l.period_start where l.kind = 'renewal'`,
    );
    expect(lines).toEqual({ lines: periods, distinct_periods: periods, unmatched: 0, orphans: 0 });

    // ---- 3. amounts: each line the snapshot's renewal amount; totals rounded per currency after summing ----
    const badLines = await sql(
      `select l.id from invoice_line l join service s on s.id = l.service_id join invoice i on i.id = l.invoice_id join package p on p.id = s.package_id
      where l.kind = 'renewal' and (l.amount <> (s.price_snapshot->'quote'->>'renewalAmount')::numeric or l.taxable <> p.taxable
            or i.currency <> s.price_snapshot->'quote'->>'currency' or i.due_date <> l.period_start or i.client_id <> s.client_id)`,
    );
    expect(badLines).toEqual([]);
    const badTotals = await sql(
      `with l as (select invoice_id, sum(amount) as s, coalesce(sum(amount) filter (where taxable), 0) as ts, bool_or(taxable) as any_taxable from invoice_line group by invoice_id)
     select i.id, i.currency, i.subtotal, i.tax, i.total, i.tax_rate, l.s, l.ts, t.rate from invoice i join l on l.invoice_id = i.id join currency c on c.code = i.currency
       join client cl on cl.id = i.client_id left join tax_rate t on t.country = cl.country
      where i.order_id is null and (i.subtotal <> round(l.s, c.minor_units)
         or i.tax_rate is distinct from (case when l.any_taxable then t.rate end)
         or i.tax <> coalesce(round(round(l.ts, c.minor_units) * i.tax_rate / 100, c.minor_units), 0)
         or i.total <> i.subtotal + i.tax)`,
    );
    expect(badTotals).toEqual([]);
    const [groups] = await sql<{ n: number }>(
      `select count(*)::int as n from (select 1 from invoice where order_id is null group by client_id, due_date, currency having count(*) > 1) x`,
    );
    // Never an add-on billed apart from its parent: each add-on period is on the invoice of its parent's same period.
    const apart = await sql(
      `select a.id, a.service_id, a.period_start from invoice_line a join service s on s.id = a.service_id
      where a.kind = 'renewal' and s.parent_id is not null
        and not exists (select 1 from invoice_line p where p.invoice_id = a.invoice_id and p.service_id = s.parent_id and p.period_start = a.period_start and p.kind = 'renewal')`,
    );
    expect(apart, 'add-on periods billed apart from their parent').toEqual([]);
    expect(groups!.n, 'same client, due date and currency on two renewal invoices (grouping is on)').toBe(0);

    // ---- 4 (cont.). one payment per paid invoice, for what the credit left; paid invoice <=> paid periods ----
    const badPays = await sql(
      `select i.id, i.status, count(p.id) as payments, sum(p.amount) as paid, i.total - i.credit_applied as due
       from invoice i left join payment p on p.invoice_id = i.id where i.order_id is null group by i.id
     having (i.status = 'paid' and (count(p.id) <> 1 or sum(p.amount) <> i.total - i.credit_applied)) or (i.status = 'unpaid' and count(p.id) > 0)
         or bool_or(p.gateway = 'credit') and i.credit_applied <> 0`,
    );
    expect(badPays).toEqual([]);
    const periodPay = `select count(*)::int as n from service_period sp join invoice i on i.id = sp.invoice_id where i.order_id is null and (sp.paid_at is not null) <> (i.status = 'paid')`;
    expect(await sql(periodPay)).toEqual([{ n: 0 }]);
    const byStatus = await sql<{ status: string; n: number }>(
      `select status, count(*)::int as n from invoice where order_id is null group by status`,
    );
    // Every payment the plans made took (late ones included); nothing else paid the rest.
    const statusOf = async (ids: number[]) =>
      sql<{ status: string; n: number }>(`select status, count(*)::int as n from invoice where id = any(?::int[]) group by status`, [
        `{${ids.join(',')}}`,
      ]);
    expect(await statusOf(expected.paid)).toEqual([{ status: 'paid', n: expected.paid.length }]);
    expect(await statusOf(expected.unpaid)).toEqual([{ status: 'unpaid', n: expected.unpaid.length }]);

    // ---- 5. credit: never negative, the entries add up to the balance, spent only in its currency ----
    const badCredit = await sql(
      `select c.id, c.credit_balance, coalesce(sum(e.amount), 0) as entries from client c left join credit_entry e on e.client_id = c.id
      group by c.id having c.credit_balance < 0 or c.credit_balance <> coalesce(sum(e.amount), 0) or bool_or(e.currency <> c.currency)`,
    );
    expect(badCredit).toEqual([]);
    const badApplied = await sql(
      `select i.id from invoice i
       left join (select invoice_id, -sum(amount) as spent from credit_entry where invoice_id is not null group by invoice_id) e on e.invoice_id = i.id
       left join payment p on p.invoice_id = i.id and p.gateway = 'credit'
      where coalesce(e.spent, 0) <> i.credit_applied + coalesce(p.amount, 0)`,
    );
    expect(badApplied).toEqual([]);
    const [credited] = await sql<{ n: number }>(`select count(*)::int as n from credit_entry where invoice_id is not null`);

    // ---- the edge cases this run was meant to hit did come up ---------------------------------
    const [seen] = await sql<Record<string, number>>(
      `select (select count(*) from service_period sp join service s on s.id = sp.service_id where s.anchor_day = 29 and sp.period_start = '2028-02-29' and s.price_snapshot->'price'->>'period' = 'year')::int as leap_yearly,
            (select count(*) from service_period sp join service s on s.id = sp.service_id where s.anchor_day = 31 and sp.period_end in ('2027-02-28', '2028-02-29', '2027-04-30'))::int as month_end_31,
            (select count(*) from invoice i where i.currency = 'JPY' and i.order_id is null and i.subtotal <> (select sum(amount) from invoice_line l where l.invoice_id = i.id))::int as jpy_rounded,
            (select count(*) from invoice where order_id is null and credit_applied > 0)::int as part_credit,
            (select count(*) from payment p join invoice i on i.id = p.invoice_id where p.gateway = 'credit' and i.order_id is null)::int as credit_paid,
            (select count(*) from (select invoice_id from invoice_line where kind = 'renewal' group by invoice_id having count(distinct service_id) > 1) x)::int as grouped,
            (select count(*) from (select 1 from service_period where invoice_id is not null group by service_id, created_at having count(*) > 1) x)::int as catch_up,
            (select count(*) from invoice where order_id is null and tax = 0 and tax_rate is null)::int as untaxed,
            (select count(*) from service where cancel_at is not null and cancel_at < ?::date)::int as cancelled,
            (select count(*) from invoice_line l join service s on s.id = l.service_id where l.kind = 'renewal' and s.parent_id is not null)::int as addon_periods`,
      [horizon],
    );
    for (const [what, n] of Object.entries(seen!)) expect(n, `simulated cases: ${what}`).toBeGreaterThan(0);
    expect(stats.doublePays).toBeGreaterThan(0);

    // ---- the runs themselves: all closed, no failures, no batch left behind --------------------
    const runs = await sql<{ status: string; n: number }>(`select status, count(*)::int as n from billing_run group by status`);
    expect(runs).toEqual([{ status: 'done', n: DAYS * 3 }]);
    expect(
      await sql(
        `select (select count(*) from billing_run_failure)::int + (select count(*) from billing_run_batch where status <> 'done')::int as n`,
      ),
    ).toEqual([{ n: 0 }]);

    console.log(
      [
        `seed ${SEED}: ${SERVICES} services, ${clientIds.length} clients, ${DAYS} days (${DAY0} .. ${plusDays(today, -1)}), ${DAYS * 3} billing runs`,
        `${periods} renewal periods on ${byStatus.reduce((s, r) => s + r.n, 0)} invoices (${byStatus.map((r) => `${r.n} ${r.status}`).join(', ')}); ${credited!.n} credit applications`,
        `${stats.payments} payments made, ${stats.doublePays} of them reported twice or three times`,
        `cases: ${JSON.stringify(seen)}`,
        `retried errors: ${stats.errors.size ? [...stats.errors].map(([k, n]) => `${n} x ${k}`).join('; ') : 'none'}`,
      ].join('\n'),
    );
  },
);
