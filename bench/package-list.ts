// The admin package list with 1,000 packages, as production runs it (the compiled web process,
// NODE_ENV=production), against the same list and count in raw SQL behind bare Hono in a
// process of its own, and a bare Hono handler.
import pg from 'pg';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, openOrm, type Orm } from '../src/db/orm.ts';
import { HOLDING_STATUSES } from '../src/modules/shared/statuses.ts';
import { saveCurrency } from '../src/modules/settings/save-currency.ts';
import { createStaff } from '../src/modules/staff/create-staff.ts';
import { measure, report, type BenchReport, type Measured } from './harness.ts';
import { buildDist, idleRssMb, productionEnv, spawnNode, spawnWeb, target, type Spawned } from './processes.ts';
import { admin, PG_SERVER } from './support.ts';

const DB = 'hostbill_bench';
const DB_URL = `${PG_SERVER}/${DB}`;
const PACKAGES = 1000;
const STAFF = { email: 'owner@example.com', password: 'bench-password-123', name: 'Bench Owner', role: 'owner' };
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BARE = 'bare Hono process, same bytes';
const RAW_SQL = 'bare Hono process + pg list SQL (JSON)';
const RAW_SQL_APART = 'same, list and count as two statements';

/** 2 currencies and an owner through the app's own code; catalogs, packages, prices, clients, services in bulk SQL. */
async function seed(orm: Orm, db: pg.Pool) {
  await saveCurrency(orm.em.fork(), { code: 'USD', name: 'US Dollar', minorUnits: 2, rate: '1', isDefault: true });
  await saveCurrency(orm.em.fork(), { code: 'EUR', name: 'Euro', minorUnits: 2, rate: '0.92' });
  await createStaff(orm.em.fork(), STAFF);
  await db.query(`insert into catalog (name, slug, position, hidden)
    select 'Catalog ' || g, 'cat-' || g, g, g = 10 from generate_series(1, 10) g`);
  await db.query(
    `insert into package (catalog_id, name, slug, status, stock, position, created_at)
     select (array(select id from catalog order by id))[1 + g % 10], 'Package ' || g, 'pkg-' || g,
            (array['visible','visible','hidden','restricted','inactive'])[1 + g % 5],
            case when g % 4 = 0 then -1 else 5 + g % 50 end, g, now() - g * interval '1 minute'
       from generate_series(1, $1::int) g`,
    [PACKAGES],
  );
  await db.query(`insert into package_price (package_id, name, type, interval_count, period, currency, price, position)
    select p.id, v.name, 'recurring', 1, v.period, v.currency, (5 + p.id % 50) * v.mult, v.pos
      from package p cross join (values ('Monthly', 'month', 'USD', 1, 0), ('Yearly', 'year', 'EUR', 10, 1)) v(name, period, currency, mult, pos)`);
  await db.query(`insert into client (email, name, currency)
    select 'client' || g || '@example.com', 'Client ' || g, 'USD' from generate_series(1, 200) g`);
  await db.query(
    `insert into service (client_id, package_id, status)
    select (array(select id from client order by id))[1 + g % 200], (array(select id from package order by id))[1 + (g * 37) % $1::int],
           (array['pending','active','suspended','cancelled','terminated'])[1 + g % 5]
      from generate_series(1, 5000) g`,
    [PACKAGES],
  );
  await db.query('analyze');
}

/**
 * The list query of listPackages (first page, default sort, the total as an uncorrelated
 * subquery), run directly with pg: no ORM, no views. The second baseline runs the total as a
 * statement of its own, as the app did before (two round trips a page).
 */
const holding = HOLDING_STATUSES.map((s) => `'${s}'`).join(', ');
const RAW_COLUMNS = `p.id, p.name, p.slug, p.status, p.stock, p.catalog_id, c.name as catalog_name, p.icon_path, p.created_at,
    (select count(*) from service s where s.package_id = p.id and s.status in (${holding}))::int as in_use,
    (select count(*) from package_price pp where pp.package_id = p.id)::int as price_count`;
const RAW_FROM = `from package p join catalog c on c.id = p.catalog_id
  order by c.position asc, p.position asc, p.id asc limit $1 offset $2`;
const RAW_COUNT = 'select count(*)::int as n from package p';
const RAW_LIST = `select ${RAW_COLUMNS}, (${RAW_COUNT}) as total ${RAW_FROM}`;
const RAW_LIST_APART = `select ${RAW_COLUMNS} ${RAW_FROM}`;

async function signIn(origin: string): Promise<string> {
  const res = await fetch(`${origin}/admin/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: STAFF.email, password: STAFF.password }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => /^hb_session=([^;]+)/.exec(c)?.[0])
    .find(Boolean);
  if (res.status !== 303 || !cookie) throw new Error(`Sign-in failed: HTTP ${res.status}, no hb_session cookie.`);
  return cookie;
}

/** Each page must really be the list (not a redirect to sign-in) before it is timed. */
async function check(url: string, headers: Record<string, string>, expect: (body: string) => boolean, what: string) {
  const res = await fetch(url, { headers, redirect: 'manual' });
  const body = await res.text();
  if (res.status !== 200 || !expect(body)) throw new Error(`Pre-flight failed for ${url} (HTTP ${res.status}): expected ${what}.`);
}

export async function packageListBench(): Promise<BenchReport> {
  await admin(`drop database if exists ${DB} with (force)`);
  await admin(`create database ${DB}`);
  const procs: Spawned[] = [];
  try {
    const orm = await openOrm(DB_URL);
    try {
      await migrate(orm);
      // Same pool size as the app's (10), so the raw-SQL baseline gets no extra connections.
      const pool = new pg.Pool({ connectionString: DB_URL, max: 10 });
      await seed(orm, pool).finally(() => pool.end());
    } finally {
      await orm.close(true);
    }
    buildDist();
    const env = await productionEnv(DB_URL, 'list');
    const web = await spawnWeb(env);
    procs.push(web);
    const webIdle = await idleRssMb(web);
    const origin = web.origin;
    const raw = await spawnNode(
      [join(ROOT, 'bench/list-server.mjs')],
      { DATABASE_URL: DB_URL, BENCH_LIST_SQL: RAW_LIST, BENCH_COUNT_SQL: '' },
      /listening (\d+)/,
    );
    procs.push(raw);
    const rawOrigin = `http://127.0.0.1:${raw.match[1]}`;
    const apart = await spawnNode(
      [join(ROOT, 'bench/list-server.mjs')],
      { DATABASE_URL: DB_URL, BENCH_LIST_SQL: RAW_LIST_APART, BENCH_COUNT_SQL: RAW_COUNT },
      /listening (\d+)/,
    );
    procs.push(apart);
    const apartOrigin = `http://127.0.0.1:${apart.match[1]}`;
    const page = await fetch(`${rawOrigin}/`);
    const bareFile = join(await mkdtemp(join(tmpdir(), 'bench-list-')), 'page.json');
    await writeFile(bareFile, await page.text());
    const bare = await spawnNode([join(ROOT, 'bench/bare-server.mjs'), bareFile], {}, /listening (\d+)/);
    procs.push(bare);
    const bareOrigin = `http://127.0.0.1:${bare.match[1]}`;

    const auth = { cookie: await signIn(origin) };
    const listPath = '/admin/packages';
    const searchPath = '/admin/packages?q=pkg-9&sort=name';
    // The order by units in use is never kept in memory: every request runs the statement.
    const livePath = '/admin/packages?sort=in_use&dir=desc';
    await check(
      origin + listPath,
      auth,
      (b) => b.includes(`${PACKAGES} packages`) && b.split('<code>pkg-').length - 1 === 25,
      `"${PACKAGES} packages" and 25 rows`,
    );
    await check(origin + searchPath, auth, (b) => b.includes('111 packages'), '"111 packages" (pkg-9, pkg-90..99, pkg-900..999)');
    await check(origin + livePath, auth, (b) => b.includes(`${PACKAGES} packages`), `"${PACKAGES} packages"`);
    for (const o of [rawOrigin, apartOrigin]) {
      await check(
        o + '/',
        {},
        (b) => {
          const page = JSON.parse(b) as { items: unknown[]; total: number };
          return page.items.length === 25 && page.total === PACKAGES;
        },
        `25 rows of ${PACKAGES}`,
      );
    }

    const rows: Measured[] = [];
    rows.push(await measure(BARE, target(bareOrigin), '/'));
    rows.push(await measure(RAW_SQL, target(rawOrigin), '/'));
    rows.push(await measure(RAW_SQL_APART, target(apartOrigin), '/'));
    rows.push(await measure('app GET /admin/packages', target(origin), listPath, auth));
    rows.push(await measure('app GET ...?q=pkg-9&sort=name', target(origin), searchPath, auth));
    rows.push(await measure('app GET ...?sort=in_use (read live)', target(origin), livePath, auth));
    const webAfter = await web.rssMb();
    return report(
      'package-list',
      rows,
      [
        { key: 'bare', label: BARE },
        { key: 'sql', label: RAW_SQL },
      ],
      [
        `${PACKAGES} packages x 2 prices, 10 catalogs, 200 clients, 5000 services; first page = 25 rows; search matches 111.`,
        `app (compiled dist/, NODE_ENV=production), raw SQL and bare servers are separate processes; autocannon runs in this one; ${availableParallelism()} CPU(s) shared with PostgreSQL; app and raw pg pools both max 10.`,
        'app rows include the signed-in staff check (cached), the catalog choices (cached) and the full layout render per request. A page (rows and total, one named prepared statement) is kept in memory after its first read until a write to packages, catalogs, prices or the holding services of a package on it; the order by units in use depends on every package, so that row runs its statement on every request (a heavier one than the baselines: it counts units in use for all packages to sort them).',
        `RSS web: ${webIdle} MB idle, ${webAfter} MB after the list load.`,
      ],
    );
  } finally {
    for (const p of procs.reverse()) await p.stop().catch((e: unknown) => console.error('stop:', e));
    await admin(`drop database if exists ${DB} with (force)`);
  }
}
