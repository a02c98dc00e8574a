// 200 buyers at once on one package with stock 50: the app's checkout (POST /api/v1/orders)
// next to the same transaction in raw SQL with pg, on the same database, in the same run.
// Refusals ("Sold out.", "Only N left.") are the expected answer for 150 of the 200; any other
// answer, a connection error, or a unit held beyond stock makes the run invalid.
// `checkout-cart` is the same with a three-line cart per buyer: the limited package, an add-on
// of it and a second package, all reserved or none, on one invoice.
// `checkout-coupon` is the single package with a 10% coupon code: the use claimed by a conditional
// update of the coupon row and a use row, and a discount line, in the same transaction.
import pg from 'pg';
import { Hono } from 'hono';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.ts';
import { attachCache, ChangeCache } from '../src/db/cache.ts';
import { ChangeFeed } from '../src/db/change-feed.ts';
import { loadConfig } from '../src/config.ts';
import { migrate, openOrm, type Orm } from '../src/db/orm.ts';
import { createCatalog } from '../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../src/modules/catalog/create-package.ts';
import { savePrice } from '../src/modules/catalog/save-price.ts';
import { createAddonGroup } from '../src/modules/catalog/create-addon-group.ts';
import { setOfferedAddonGroups } from '../src/modules/catalog/set-offered-addon-groups.ts';
import { countHeld } from '../src/modules/inventory/count-held.ts';
import { HOLDING_STATUSES } from '../src/modules/shared/statuses.ts';
import { BILLING_DEFAULTS } from '../src/modules/settings/settings.schemas.ts';
import { saveCurrency } from '../src/modules/settings/save-currency.ts';
import { createApiToken } from '../src/modules/staff/create-api-token.ts';
import { createStaff } from '../src/modules/staff/create-staff.ts';
import { saveCoupon } from '../src/modules/coupons/save-coupon.ts';
import { listen, report, type BenchReport, type Measured } from './harness.ts';
import { admin, intEnv, measured, median, PG_SERVER } from './support.ts';

const DB = 'hostbill_bench_checkout';
const DB_URL = `${PG_SERVER}/${DB}`;
const BUYERS = 200;
const STOCK = 50;
const ROUNDS = intEnv('BENCH_ROUNDS', 5, 1, 50);
const POOL = 10; // the ORM's default pool size; the raw pool gets no more
const TIMEOUT_MS = 30_000; // per request; a round cannot hang
const PRICE = { name: 'Monthly', type: 'recurring', intervalCount: 1, period: 'month', currency: 'USD', price: '9.99' };
const REFUSAL = /^(?:.+: )?(Sold out\.|Only \d+ left\.)$/;
const STAFF = { email: 'api@example.com', password: 'bench-password-123', name: 'Bench API', role: 'admin' };
const COUPON = 'BENCH10';

const RAW_HTTP = 'bare Hono + pg checkout tx';
const RAW_DIRECT = 'pg checkout tx, no HTTP';
const APP = 'app POST /api/v1/orders';

type Kind = 'placed' | 'refused' | 'unexpected' | 'error' | 'timeout';
interface Outcome {
  ms: number;
  kind: Kind;
  detail?: string;
}
interface Round {
  wallMs: number;
  latencies: number[];
  counts: Record<Kind, number>;
  held: number;
  oversold: number;
  firstProblem?: string;
}
/** One buyer's order: the limited package first, then (a cart) an add-on of it and another package. */
interface Basket {
  lines: { packageId: number; parentLine?: number }[];
  couponCode?: string;
}
type Attempt = (clientId: number, basket: Basket) => Promise<Outcome>;

// ---- the baseline: the checkout transaction in raw SQL ------------------------------------

const holding = HOLDING_STATUSES.map((s) => `'${s}'`).join(', ');
const HELD = `select (select count(*) from service where package_id = $1 and status in (${holding}))::int
  + (select coalesce(sum(quantity), 0) from stock_reservation where package_id = $1 and status = 'live' and expires_at > $2)::int as held`;

/** The first package of the order with no unit left, read without locks (each line is one unit). */
const SOLD_OUT = `select p.name from package p where p.id = any($1::int[]) and p.stock <> -1
  and p.stock <= (select count(*) from service where package_id = p.id and status in (${holding}))
       + (select coalesce(sum(quantity), 0) from stock_reservation where package_id = p.id and status = 'live' and expires_at > $2)
  order by p.id limit 1`;

type RawAnswer =
  | { status: 201; body: { data: { orderId: number; invoiceId: number } } }
  | { status: 404 | 422; body: { error: { status: number; message: string } } };
const refuse = (status: 404 | 422, message: string): RawAnswer => ({ status, body: { error: { status, message } } });

/**
 * What placeOrder does for one unit of each line (recurring prices), in plain SQL: refuse a
 * package with no unit left before any lock, lock the client row, then the package rows in id
 * order, count held units, then order, lines,
 * reservations, invoice, invoice lines and the expire-order outbox row; commit. No ORM, no
 * validation library, no quote engine.
 */
const SELLER = JSON.stringify({
  name: 'Hostbill',
  address: '',
  country: null,
  vatId: null,
  registrationNumber: null,
  bankDetails: '',
  footer: '',
});

async function rawCheckout(pool: pg.Pool, clientId: number, basket: Basket, priceName: string): Promise<RawAnswer> {
  const db = await pool.connect();
  let open = false;
  const rollback = async (answer: RawAnswer) => {
    await db.query('rollback');
    open = false;
    return answer;
  };
  try {
    const now = new Date();
    // As placeOrder does: a package with no unit left is refused before any lock is taken.
    const ids = [...new Set(basket.lines.map((l) => l.packageId))].sort((a, b) => a - b);
    const named = basket.lines.length > 1;
    const soldOut = (await db.query<{ name: string }>(SOLD_OUT, [ids, now])).rows[0];
    if (soldOut) return refuse(422, named ? `${soldOut.name}: Sold out.` : 'Sold out.');
    await db.query('begin');
    open = true;
    const client = (
      await db.query<{ id: number; currency: string | null }>('select id, currency from client where id = $1 for update', [clientId])
    ).rows[0];
    if (!client) return await rollback(refuse(404, 'That client was not found.'));
    const pkgs = (
      await db.query<{ id: number; name: string; status: string; stock: number; per_user_limit: number }>(
        'select id, name, status, stock, per_user_limit from package where id = any($1::int[]) order by id for update',
        [ids],
      )
    ).rows;
    if (pkgs.length !== ids.length) return await rollback(refuse(404, 'That package was not found.'));
    const coupon = basket.couponCode
      ? (await db.query<{ id: number; percent: string }>('select id, percent from coupon where code = $1 and active', [basket.couponCode]))
          .rows[0]
      : undefined;
    if (basket.couponCode && !coupon) return await rollback(refuse(422, 'That code is not valid.'));
    const prices = (
      await db.query<{ id: number; package_id: number; name: string; currency: string; price: string; setup_fee: string }>(
        `select distinct on (package_id) id, package_id, name, currency, price, setup_fee from package_price
        where package_id = any($1::int[]) and name = $2 and enabled order by package_id, (currency = $3) desc, id`,
        [ids, priceName, client.currency ?? 'USD'],
      )
    ).rows;
    if (prices.length !== ids.length) return await rollback(refuse(422, 'That price is not available.'));
    for (const pkg of pkgs) {
      if (pkg.status === 'inactive' || pkg.status === 'restricted')
        return await rollback(refuse(422, 'This package is not available to order.'));
      if (pkg.per_user_limit !== -1) {
        const mine = (
          await db.query<{ held: number }>(HELD.replace(/package_id = \$1/g, 'package_id = $1 and client_id = $3'), [
            pkg.id,
            now,
            client.id,
          ])
        ).rows[0]!.held;
        if (mine + 1 > pkg.per_user_limit) return await rollback(refuse(422, `You already have the maximum of ${pkg.per_user_limit}.`));
      }
      if (pkg.stock !== -1) {
        const held = (await db.query<{ held: number }>(HELD, [pkg.id, now])).rows[0]!.held;
        if (Math.max(0, pkg.stock - held) === 0) return await rollback(refuse(422, named ? `${pkg.name}: Sold out.` : 'Sold out.'));
      }
    }
    const setting = (await db.query<{ value: { reservationMinutes?: number } }>(`select value from setting where key = 'billing'`)).rows[0];
    const expiresAt = new Date(now.getTime() + (setting?.value.reservationMinutes ?? BILLING_DEFAULTS.reservationMinutes) * 60_000);
    const priceOf = (packageId: number) => prices.find((p) => p.package_id === packageId)!;
    const gross = basket.lines.reduce((sum, l) => sum + Number(priceOf(l.packageId).price) + Number(priceOf(l.packageId).setup_fee), 0);
    const off = coupon ? (gross * Number(coupon.percent)) / 100 : 0;
    const total = (gross - off).toFixed(2);
    const currency = priceOf(basket.lines[0]!.packageId).currency;
    const orderId = (
      await db.query<{ id: number }>('insert into client_order (client_id, currency, expires_at) values ($1, $2, $3) returning id', [
        client.id,
        currency,
        expiresAt,
      ])
    ).rows[0]!.id;
    const lineIds: number[] = [];
    for (const l of basket.lines) {
      const price = priceOf(l.packageId);
      const snapshot = JSON.stringify({
        priceName,
        optionIds: [],
        price: { id: price.id, name: price.name, currency: price.currency, price: price.price },
        quote: { total },
      });
      const parent = l.parentLine === undefined ? null : lineIds[l.parentLine];
      lineIds.push(
        (
          await db.query<{ id: number }>(
            'insert into order_line (order_id, package_id, price_id, parent_line_id, quantity, snapshot) values ($1, $2, $3, $4, 1, $5) returning id',
            [orderId, l.packageId, price.id, parent, snapshot],
          )
        ).rows[0]!.id,
      );
      await db.query('insert into stock_reservation (order_id, package_id, client_id, quantity, expires_at) values ($1, $2, $3, 1, $4)', [
        orderId,
        l.packageId,
        client.id,
        expiresAt,
      ]);
    }
    if (coupon) {
      const taken = await db.query(
        'update coupon set uses = uses + 1 where id = $1 and active and (max_uses is null or uses < max_uses) returning id',
        [coupon.id],
      );
      if (!taken.rowCount) return await rollback(refuse(422, 'That code has just been used up.'));
      await db.query(`insert into coupon_use (coupon_id, client_id, order_id, status) values ($1, $2, $3, 'live')`, [
        coupon.id,
        client.id,
        orderId,
      ]);
    }
    const invoiceId = (
      await db.query<{ id: number }>(
        'insert into invoice (client_id, order_id, currency, subtotal, tax, total, tax_rate, due_date) values ($1, $2, $3, $4, 0, $4, null, $5) returning id',
        [client.id, orderId, currency, total, now.toISOString().slice(0, 10)],
      )
    ).rows[0]!.id;
    for (const l of basket.lines) {
      const pkg = pkgs.find((p) => p.id === l.packageId)!;
      await db.query(`insert into invoice_line (invoice_id, kind, description, amount, taxable) values ($1, 'price', $2, $3, true)`, [
        invoiceId,
        `${pkg.name} (${priceName})`.slice(0, 300),
        priceOf(l.packageId).price,
      ]);
    }
    if (coupon)
      await db.query(`insert into invoice_line (invoice_id, kind, description, amount, taxable) values ($1, 'discount', $2, $3, true)`, [
        invoiceId,
        `Coupon ${basket.couponCode}`,
        (-off).toFixed(4),
      ]);
    await db.query(
      `insert into outbox (queue, job, payload, dedupe_key, run_at) values ('inventory', 'expire-order', $1, $2, $3), ('mail', 'invoice-issued', $4, $5, null) on conflict (dedupe_key) do nothing`,
      [JSON.stringify({ orderId }), `expire-order:${orderId}`, expiresAt, JSON.stringify({ invoiceId }), `invoice-issued:${invoiceId}`],
    );
    // Numbered last, with copies of the parties: the series counter's lock is held until commit.
    await db.query(
      `with seq as (
         insert into document_sequence (series, year, next) values ('invoice', $1, 2)
         on conflict (series, year) do update set next = document_sequence.next + 1 returning next - 1 as n)
       update invoice set number = 'INV-' || $1 || '-' || lpad(seq.n::text, 4, '0'), buyer = $3::jsonb, seller = $4::jsonb, reverse_charge = false from seq where invoice.id = $2`,
      [
        now.getUTCFullYear(),
        invoiceId,
        JSON.stringify({ name: `client ${client.id}`, email: null, company: null, address: null, country: null, vatId: null }),
        SELLER,
      ],
    );
    await db.query('commit');
    open = false;
    return { status: 201, body: { data: { orderId, invoiceId } } };
  } catch (err) {
    if (open) await db.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    db.release();
  }
}

// ---- buyers -----------------------------------------------------------------------------

/** Classifies one answer: 201 with an order id, or 422 with one of the refusal sentences. */
function classify(status: number, body: string, ms: number): Outcome {
  let parsed: { data?: { orderId?: unknown }; error?: { message?: unknown } } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // not JSON: unexpected below
  }
  if (status === 201 && typeof parsed.data?.orderId === 'number') return { ms, kind: 'placed' };
  if (status === 422 && typeof parsed.error?.message === 'string' && REFUSAL.test(parsed.error.message)) return { ms, kind: 'refused' };
  return { ms, kind: 'unexpected', detail: `HTTP ${status}: ${body.slice(0, 200)}` };
}

/** The API's order body: one package inline, or the cart's lines. */
const orderBody = (clientId: number, basket: Basket) => ({
  ...(basket.lines.length === 1
    ? { clientId, packageId: basket.lines[0]!.packageId, priceName: PRICE.name }
    : { clientId, lines: basket.lines.map((l) => ({ ...l, priceName: PRICE.name })) }),
  ...(basket.couponCode ? { couponCode: basket.couponCode } : {}),
});

function httpBuyer(
  origin: string,
  path: string,
  headers: Record<string, string>,
  bodyOf: (clientId: number, basket: Basket) => unknown,
): Attempt {
  return async (clientId, basket) => {
    const t0 = performance.now();
    try {
      const res = await fetch(origin + path, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(bodyOf(clientId, basket)),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = await res.text();
      return classify(res.status, body, performance.now() - t0);
    } catch (err) {
      const e = err as Error;
      return { ms: performance.now() - t0, kind: e.name === 'TimeoutError' ? 'timeout' : 'error', detail: `${e.name}: ${e.message}` };
    }
  };
}

function directBuyer(pool: pg.Pool): Attempt {
  return async (clientId, basket) => {
    const t0 = performance.now();
    try {
      const answer = await rawCheckout(pool, clientId, basket, PRICE.name);
      return classify(answer.status, JSON.stringify(answer.body), performance.now() - t0);
    } catch (err) {
      return { ms: performance.now() - t0, kind: 'error', detail: String(err) };
    }
  };
}

// ---- rounds -----------------------------------------------------------------------------

interface Target {
  label: string;
  path: string;
  attempt: Attempt;
  rounds: Round[];
}

/**
 * `cart`: each buyer orders three lines (the limited package, an add-on of it, another package).
 * `coupon`: one package with a 10% coupon code (unlimited uses), claimed in the order's transaction.
 */
export async function checkoutBench(mode: 'single' | 'cart' | 'coupon' = 'single'): Promise<BenchReport> {
  await admin(`drop database if exists ${DB} with (force)`);
  await admin(`create database ${DB}`);
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const orm: Orm = await openOrm(DB_URL, { poolMax: POOL });
    cleanup.push(() => orm.close(true));
    await migrate(orm);
    const pool = new pg.Pool({ connectionString: DB_URL, max: POOL });
    pool.on('error', (e) => console.error('bench pg pool:', e.message)); // an idle client's error must not crash the run
    cleanup.push(() => pool.end());

    // Store basics through the app's own code; the 200 buyers in one SQL insert.
    await saveCurrency(orm.em.fork(), { code: 'USD', name: 'US Dollar', minorUnits: 2, rate: '1', isDefault: true });
    const catalogId = (await createCatalog(orm.em.fork(), { name: 'Rush' })).id;
    await createStaff(orm.em.fork(), STAFF);
    const token = await createApiToken(orm.em.fork(), STAFF.email, 'bench');
    if (mode === 'coupon') await saveCoupon(orm.em.fork(), undefined, { code: COUPON, kind: 'percent', percent: '10' });
    const clientIds = (
      await pool.query<{ id: number }>(
        `insert into client (email, name, currency)
        select 'buyer' || g || '@example.com', 'Buyer ' || g, 'USD' from generate_series(1, $1::int) g returning id`,
        [BUYERS],
      )
    ).rows.map((r) => r.id);
    let packages = 0;
    const freshPackage = async (stock = STOCK) => {
      const pkg = await createPackage(orm.em.fork(), { catalogId, name: `Stock ${stock} #${++packages}`, stock });
      await savePrice(orm.em.fork(), pkg.id, undefined, PRICE);
      return pkg.id;
    };
    // The cart's other lines: an add-on of the limited package, and a second package (unlimited both).
    const addon = mode === 'cart' ? await freshPackage(-1) : 0;
    const second = mode === 'cart' ? await freshPackage(-1) : 0;
    const group = mode === 'cart' ? (await createAddonGroup(orm.em.fork(), { name: 'Backups', packageIds: [addon] })).id : 0;
    const basketFor = async (): Promise<Basket> => {
      const limited = await freshPackage();
      if (mode === 'single') return { lines: [{ packageId: limited }] };
      if (mode === 'coupon') return { lines: [{ packageId: limited }], couponCode: COUPON };
      await setOfferedAddonGroups(orm.em.fork(), limited, { groupIds: [group] });
      return { lines: [{ packageId: limited }, { packageId: addon, parentLine: 0 }, { packageId: second }] };
    };

    const config = loadConfig({ ...process.env, DATABASE_URL: DB_URL });
    // As in a web process (src/server.ts): settings, currencies and tokens cached on the change feed.
    const feed = new ChangeFeed(DB_URL);
    attachCache(orm.em, new ChangeCache(feed));
    await feed.start();
    cleanup.push(() => feed.stop());
    const app = await listen(createApp({ orm, config }).fetch);
    cleanup.push(app.close);
    const raw = await listen(
      new Hono().post('/orders', async (c) => {
        const body = await c.req.json<{ clientId: number; basket: Basket; priceName: string }>();
        const answer = await rawCheckout(pool, body.clientId, body.basket, body.priceName);
        return c.json(answer.body, answer.status);
      }).fetch,
    );
    cleanup.push(raw.close);

    const targets: Target[] = [
      {
        label: RAW_HTTP,
        path: '/orders',
        attempt: httpBuyer(raw.origin, '/orders', {}, (clientId, basket) => ({ clientId, basket, priceName: PRICE.name })),
        rounds: [],
      },
      { label: RAW_DIRECT, path: '(in-process pg.Pool)', attempt: directBuyer(pool), rounds: [] },
      {
        label: APP,
        path: '/api/v1/orders',
        attempt: httpBuyer(app.origin, '/api/v1/orders', { authorization: `Bearer ${token}` }, orderBody),
        rounds: [],
      },
    ];

    const round = async (t: Target): Promise<Round> => {
      const basket = await basketFor();
      const packageId = basket.lines[0]!.packageId;
      const t0 = performance.now();
      const outcomes = await Promise.all(clientIds.map((id) => t.attempt(id, basket)));
      const wallMs = performance.now() - t0;
      await Promise.all([app.drain(), raw.drain()]);
      const counts: Record<Kind, number> = { placed: 0, refused: 0, unexpected: 0, error: 0, timeout: 0 };
      for (const o of outcomes) counts[o.kind]++;
      const held = await countHeld(orm.em.fork(), packageId, new Date());
      return {
        wallMs,
        latencies: outcomes.map((o) => o.ms),
        counts,
        held,
        oversold: held - STOCK,
        firstProblem: outcomes.find((o) => o.detail)?.detail,
      };
    };

    // One unreported round per target (JIT, pools, sockets), which must also come out right:
    // a wrong token or a broken route should stop the run here, not be timed.
    for (const t of targets) {
      const w = await round(t);
      if (w.counts.placed !== STOCK || w.counts.placed + w.counts.refused !== BUYERS || w.held !== STOCK) {
        throw new Error(
          `Pre-flight round for ${t.label}: ${w.counts.placed} placed, ${w.counts.refused} refused, ${w.held} held (expected ${STOCK}/${BUYERS - STOCK}/${STOCK}). First problem: ${w.firstProblem ?? 'none'}.`,
        );
      }
    }
    // Interleaved, so drift (autovacuum, a growing order table) falls on every target alike.
    for (let i = 1; i <= ROUNDS; i++) {
      process.stdout.write(`  round ${i}/${ROUNDS}:`);
      for (const t of targets) {
        const r = await round(t);
        t.rounds.push(r);
        process.stdout.write(
          ` ${t.label === APP ? 'app' : t.label === RAW_HTTP ? 'raw' : 'direct'} ${Math.round((BUYERS / r.wallMs) * 1000)}/s`,
        );
      }
      console.log();
    }

    const rows: Measured[] = targets.map((t) => {
      const sum = (k: Kind) => t.rounds.reduce((s, r) => s + r.counts[k], 0);
      // An oversold (or undersold) unit is a wrong answer, so it counts as an error too.
      const wrongUnits = t.rounds.reduce((s, r) => s + Math.abs(r.oversold) + Math.abs(r.counts.placed - STOCK), 0);
      const m = measured(t.label, t.path, t.rounds, {
        non2xx: sum('unexpected'),
        errors: sum('error') + wrongUnits,
        timeouts: sum('timeout'),
      });
      return Object.assign(m, {
        placed: sum('placed'),
        refused: sum('refused'),
        unitsOversold: t.rounds.reduce((s, r) => s + Math.max(0, r.oversold), 0),
        rounds: t.rounds.map((r) => ({
          wallMs: +r.wallMs.toFixed(1),
          ordersPerSec: +((BUYERS / r.wallMs) * 1000).toFixed(1),
          ...r.counts,
          held: r.held,
          oversold: r.oversold,
        })),
      });
    });
    const perTarget = targets.map((t) => {
      const walls = t.rounds.map((r) => r.wallMs);
      const placed = t.rounds.map((r) => r.counts.placed).join('/');
      const refused = t.rounds.map((r) => r.counts.refused).join('/');
      const oversold = t.rounds.map((r) => r.oversold).join('/');
      const problem = t.rounds.find((r) => r.firstProblem)?.firstProblem;
      return `${t.label}: wall per round ${walls.map((w) => w.toFixed(0)).join('/')} ms (median ${median(walls).toFixed(0)}); placed ${placed}; refused ${refused}; units oversold ${oversold}${problem ? `; first problem: ${problem}` : ''}`;
    });
    const app_ = rows.find((r) => r.label === APP)!;
    const base = rows.find((r) => r.label === RAW_HTTP)!;
    const rep = report(
      mode === 'single' ? 'checkout' : `checkout-${mode}`,
      rows,
      [{ key: 'sql', label: RAW_HTTP }],
      [
        `${ROUNDS} rounds x ${BUYERS} buyers fired at once per target, each round on a fresh package with stock ${STOCK}; rounds interleaved across targets, one unreported warm-up round each.`,
        ...(mode === 'cart'
          ? [
              'each buyer orders a three-line cart: the limited package, an add-on of it (parentLine 0) and a second package; all three reserved or none, one invoice.',
            ]
          : []),
        ...(mode === 'coupon'
          ? [
              `each buyer enters the 10% coupon ${COUPON}: both sides read it before the locks, claim a use with a conditional update of its row plus a use row, and add a discount line.`,
            ]
          : []),
        `req/s = attempts (placed + refused) per second of summed round wall time; p50/p99 over all ${ROUNDS * BUYERS} attempts of a target.`,
        `app/raw: throughput ${((app_.rps / base.rps) * 100).toFixed(1)}%, p99 ${(app_.p99 / base.p99).toFixed(2)}x.`,
        ...perTarget,
        `non-2xx = answers other than 201 or a 422 "Sold out."/"Only N left."; errors = connection errors + |held - stock| + |placed - stock| per round (must be 0).`,
        `raw tx = a sold-out check without locks (as the app makes), then lock client, lock package FOR UPDATE, read price, count held (services + live reservations), insert order, line, reservation, invoice, invoice line, two outbox rows (the order's expiry, the invoice's email), the invoice number from the series counter with the parties' copies; pools max ${POOL} each.`,
        `app rows add the token lookup (cached), zod validation, a turn (at most half the ORM pool's connections check out at once; the rest wait before their first read, as the raw handler waits for a pooled connection), the stock read, the client and the package narrowed to its price (statements built once, sent as named prepared statements), the quote and the answer built from the inserts; buyers use fetch in this process, sharing ${availableParallelism()} CPU(s) with the servers and PostgreSQL.`,
      ],
    );
    return {
      ...rep,
      connections: BUYERS,
      seconds: Math.max(1, Math.round(Math.max(...targets.map((t) => t.rounds.reduce((s, r) => s + r.wallMs, 0))) / 1000)),
    };
  } finally {
    for (const fn of cleanup.reverse()) await fn().catch((e: unknown) => console.error('cleanup:', e));
    await admin(`drop database if exists ${DB} with (force)`);
  }
}
