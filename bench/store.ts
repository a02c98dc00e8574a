// The public package page under a sale: 200 connections on /store/<slug>, anonymous, against the
// compiled web process in production mode, next to a bare Hono process answering the same bytes.
// Also the web and worker processes' resident memory, idle and after the load.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, openOrm } from '../src/db/orm.ts';
import { createCatalog } from '../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../src/modules/catalog/create-package.ts';
import { savePrice } from '../src/modules/catalog/save-price.ts';
import { saveVariantGroup } from '../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../src/modules/catalog/save-variant-option.ts';
import { saveCurrency } from '../src/modules/settings/save-currency.ts';
import { measure, report, type BenchReport, type Measured } from './harness.ts';
import { buildDist, idleRssMb, productionEnv, scriptArgs, spawnNode, spawnWeb, target, type Spawned } from './processes.ts';
import { admin, PG_SERVER } from './support.ts';

const DB = 'hostbill_bench_store';
const DB_URL = `${PG_SERVER}/${DB}`;
const CONNECTIONS = 200;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BARE = 'bare Hono process, same bytes';
const APP = 'app GET /store/vps-small (anonymous)';
const LISTING = 'app GET /store (anonymous)';

const DESCRIPTION = `<p>A virtual server on NVMe storage with dedicated vCPU cores, for sites, shops and small databases.</p>
<ul>${['2 dedicated vCPU', '4 GB RAM', '80 GB NVMe', '1 IPv4 + /64 IPv6', '20 TB traffic', 'Daily snapshots', 'DDoS protection', 'Root access'].map((f) => `<li>${f}</li>`).join('')}</ul>
<p>Every plan runs on the same hardware; larger plans get more of it. Upgrades keep your data and your address.</p>`;

async function seed() {
  const orm = await openOrm(DB_URL);
  try {
    await migrate(orm);
    const em = () => orm.em.fork();
    await saveCurrency(em(), { code: 'USD', name: 'US Dollar', minorUnits: 2, rate: '1', isDefault: true });
    await saveCurrency(em(), { code: 'EUR', name: 'Euro', minorUnits: 2, rate: '0.92' });
    const catalog = await createCatalog(em(), { name: 'Servers' });
    const pkg = await createPackage(em(), {
      catalogId: catalog.id,
      name: 'VPS Small',
      stock: 500,
      description: DESCRIPTION,
      allowQuantity: '1',
    });
    for (const [name, period, price] of [
      ['Monthly', 'month', '12.00'],
      ['Quarterly', 'month', '33.00'],
      ['Annual', 'year', '120.00'],
    ] as const) {
      await savePrice(em(), pkg.id, undefined, {
        name,
        type: 'recurring',
        intervalCount: name === 'Quarterly' ? 3 : 1,
        period,
        currency: 'USD',
        price,
        setupFee: '5',
      });
    }
    const group = await saveVariantGroup(em(), pkg.id, undefined, { name: 'Operating system' });
    for (const [name, price] of [
      ['Ubuntu 24.04', '0'],
      ['Debian 12', '0'],
      ['Windows Server 2025', '15.00'],
    ] as const) {
      await saveVariantOption(em(), pkg.id, group.id, undefined, {
        name,
        prices: ['Monthly', 'Quarterly', 'Annual'].map((priceName) => ({ priceName, currency: 'USD', price })),
      });
    }
    return pkg.slug;
  } finally {
    await orm.close(true);
  }
}

export async function storeBench(): Promise<BenchReport> {
  await admin(`drop database if exists ${DB} with (force)`);
  await admin(`create database ${DB}`);
  const procs: Spawned[] = [];
  try {
    const slug = await seed();
    // What production runs: the compiled build (npm run build), NODE_ENV=production.
    buildDist();
    const env = await productionEnv(DB_URL, 'store');
    const web = await spawnWeb(env);
    procs.push(web);
    const worker = await spawnNode(await scriptArgs('worker'), env, /Worker serving/);
    procs.push(worker);
    const origin = web.origin;
    const [webIdle, workerIdle] = await Promise.all([idleRssMb(web), idleRssMb(worker)]);

    const page = await fetch(`${origin}/store/${slug}`);
    const body = await page.text();
    if (page.status !== 200 || !body.includes('VPS Small') || !body.includes('500 left'))
      throw new Error(`Pre-flight: /store/${slug} answered ${page.status} without the package.`);
    const file = join(await mkdtemp(join(tmpdir(), 'bench-store-')), 'page.html');
    await writeFile(file, body);
    const bare = await spawnNode([join(ROOT, 'bench/bare-server.mjs'), file], {}, /listening (\d+)/);
    procs.push(bare);
    const bareOrigin = `http://127.0.0.1:${bare.match[1]}`;
    if ((await (await fetch(bareOrigin)).text()) !== body) throw new Error('Pre-flight: the bare server does not answer the same bytes.');

    const rows: Measured[] = [];
    rows.push(await measure(BARE, target(bareOrigin), '/', {}, CONNECTIONS));
    rows.push(await measure(APP, target(origin), `/store/${slug}`, {}, CONNECTIONS));
    rows.push(await measure(LISTING, target(origin), '/store', {}, CONNECTIONS));
    const [webAfter, workerAfter] = await Promise.all([web.rssMb(), worker.rssMb()]);
    const app = rows.find((r) => r.label === APP)!;
    const base = rows.find((r) => r.label === BARE)!;
    const rep = report(
      'store',
      rows,
      [{ key: 'bare', label: BARE }],
      [
        `package page ${(body.length / 1024).toFixed(1)} KB; app/bare throughput ${((app.rps / base.rps) * 100).toFixed(1)}% (target >= 50%), app p99 ${app.p99.toFixed(1)} ms (target <= 50 ms).`,
        `RSS web: ${webIdle} MB idle, ${webAfter} MB after the store load; worker: ${workerIdle} MB idle, ${workerAfter} MB after (compiled dist/, NODE_ENV=production).`,
        `web, worker and bare server are separate processes; autocannon runs in this one; ${availableParallelism()} CPU(s) shared with PostgreSQL and Redis.`,
      ],
    );
    return {
      ...rep,
      connections: CONNECTIONS,
      memory: { webIdleMb: webIdle, webAfterMb: webAfter, workerIdleMb: workerIdle, workerAfterMb: workerAfter },
    } as BenchReport;
  } finally {
    for (const p of procs.reverse()) await p.stop().catch((e: unknown) => console.error('stop:', e));
    await admin(`drop database if exists ${DB} with (force)`);
  }
}
