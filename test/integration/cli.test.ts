import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, createTestDatabase, TEST_PG } from '../helpers/db.ts';
import { Staff, ApiToken } from '../../src/modules/staff/staff.entities.ts';
import { findStaffByToken } from '../../src/modules/staff/find-staff-by-token.ts';
import { verifyPassword } from '../../src/modules/auth/password.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { calendarDateOf } from '../../src/modules/shared/dates.ts';
import { parsePriceSnapshot } from '../../src/modules/pricing/rules/price-snapshot.ts';

const run = promisify(execFile);
let db: Awaited<ReturnType<typeof createTestDatabase>>;

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: db.url, NODE_ENV: 'test', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('npm run cli', () => {
  // Runs first, on the empty database: the demo data is what the README promises.
  it('seeds the demo data into an empty database, once', async () => {
    const first = await cli(['seed']);
    expect(first.stdout).toContain('Demo data added. Sign in at /admin as owner@example.com / demo-owner-password');
    const conn = db.orm.em.getConnection();
    const [counts] = await conn.execute(`select
      (select count(*) from catalog)::int as catalogs, (select count(*) from package)::int as packages,
      (select count(*) from package where stock > 0)::int as limited, (select count(*) from package where status = 'restricted')::int as restricted,
      (select count(*) from package where pro_rata)::int as pro_rata, (select count(*) from variant_group)::int as groups,
      (select count(*) from welcome_email)::int as emails, (select count(distinct currency) from package_price)::int as currencies,
      (select count(distinct type) from package_price)::int as price_types, (select count(*) from staff where role = 'owner')::int as owners,
      (select count(*) from addon_group)::int as addon_groups, (select count(*) from package_addon_group)::int as offered`);
    expect(counts).toEqual({
      catalogs: 3,
      packages: 8,
      limited: 2,
      restricted: 1,
      pro_rata: 1,
      groups: 2,
      emails: 1,
      currencies: 2,
      price_types: 3,
      owners: 1,
      addon_groups: 2,
      offered: 4,
    });
    const second = await cli(['seed']);
    expect(second.stdout).toContain('already has data');
    // Every price snapshot the demo wrote reads back through the one schema unchanged.
    const snapshots = await conn.execute<{ snapshot: unknown }[]>(
      `select snapshot from order_line union all select price_snapshot from service`,
    );
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    for (const { snapshot } of snapshots) expect(parsePriceSnapshot(snapshot)).toEqual(snapshot);

    // The worker's first renewal scan runs as it starts, right after seeding: the demo's services
    // are active by then (their welcome emails queued, their provisioning done), so it bills them.
    const services = await conn.execute<{ status: string; welcomed: boolean; provisioned: boolean }[]>(
      `select s.status, exists (select 1 from mail_message m where m.dedupe_key = 'welcome:service:' || s.id) as welcomed,
        exists (select 1 from outbox o where o.dedupe_key = 'provision:service:' || s.id and o.processed_at is not null) as provisioned
       from service s join package p on p.id = s.package_id order by p.name`,
    );
    // Hosting Basic has no welcome email; both VPS services have one.
    expect(services).toEqual([
      { status: 'active', welcomed: false, provisioned: true },
      { status: 'active', welcomed: true, provisioned: true },
      { status: 'active', welcomed: true, provisioned: true },
    ]);
    const now = new Date();
    const { invoices } = await runBillingNow(db.orm.em.fork(), calendarDateOf(now), now, { trigger: 'schedule' });
    expect(invoices).toBeGreaterThan(0);
  });

  it('creates staff with an argon2id hash', async () => {
    const r = await cli([
      'staff:create',
      '--email',
      'Ana@Example.com',
      '--password',
      'a long password',
      '--name',
      'Ana',
      '--role',
      'admin',
    ]);
    expect(r.stdout).toContain('Created admin ana@example.com');
    const staff = await db.orm.em.fork().findOneOrFail(Staff, { email: 'ana@example.com' });
    expect(staff.role).toBe('admin');
    expect(staff.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword('a long password', staff.passwordHash!)).toBe(true);
  });

  it('names each bad option and creates nothing', async () => {
    const r = await cli(['staff:create', '--email', 'nope', '--password', 'short', '--name', 'X', '--role', 'king']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--email: Enter an email address');
    expect(r.stderr).toContain('--password: Use at least 10 characters.');
    expect(r.stderr).toContain('--role: Choose one of: owner, admin, support.');
    expect(await db.orm.em.fork().count(Staff, { name: 'X' })).toBe(0);
  });

  it('prints an API token once and stores only its hash', async () => {
    const r = await cli(['token:create', '--email', 'ana@example.com']);
    const token = r.stdout.trim();
    expect(token).toMatch(/^hb_[\w-]{40,}$/);
    const rows = await db.orm.em.fork().find(ApiToken, {});
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect((await findStaffByToken(db.orm.em.fork(), token, new Date()))?.email).toBe('ana@example.com');
    expect((await cli(['token:create', '--email', 'ghost@example.com'])).stderr).toContain('A staff member with that email was not found.');
  });

  it('web and worker refuse a database that is behind the code, saying how to catch up; migrate catches up', async () => {
    const name = `hostbill_t_${process.pid}_behind${Date.now().toString(36)}`;
    await adminQuery(`create database ${name}`);
    try {
      const url = `${TEST_PG}/${name}`;
      const web = await cli(['web'], { DATABASE_URL: url, PORT: '1', REDIS_URL: 'redis://127.0.0.1:1' });
      expect(web.code).toBe(1);
      expect(web.stderr.trim()).toMatch(/^The database is behind the code: \d+ migrations are pending\. Run `npm run migrate` first\.$/);
      const worker = await run(process.execPath, ['--import', 'tsx', 'jobs/run-worker.ts'], {
        env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'test' },
        timeout: 60_000,
      }).then(
        (r) => ({ code: 0, stderr: r.stderr }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
      expect(worker.code).toBe(1);
      expect(worker.stderr).toContain('migrations are pending. Run `npm run migrate` first.');
      expect((await cli(['migrate'], { DATABASE_URL: url })).stdout).toContain('Database is up to date.');
      const [{ n }] = (await adminQuery(`select count(*)::int as n from pg_database where datname = '${name}'`)).rows as [{ n: number }];
      expect(n).toBe(1);
    } finally {
      await adminQuery(`drop database if exists ${name} with (force)`);
    }
  });

  it('stops with one sentence on bad configuration or an unreachable service', async () => {
    const badUrl = await cli(['migrate'], { DATABASE_URL: 'mysql://x' });
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr.trim()).toBe('Configuration problem: DATABASE_URL must be a URL like postgres://user@127.0.0.1:5432/hostbill.');
    const badPort = await cli(['migrate'], { PORT: 'eighty' });
    expect(badPort.stderr.trim()).toMatch(/^Configuration problem: PORT .+\.$/);
    const down = await cli(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/hostbill' });
    expect(down.code).toBe(1);
    expect(down.stderr.trim()).toBe('Cannot reach PostgreSQL at 127.0.0.1:1 (connection refused). Start it or set DATABASE_URL.');
    expect(down.stderr).not.toContain('    at ');
  });
});
