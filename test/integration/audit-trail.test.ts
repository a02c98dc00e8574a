// The audit trail: staff and API writes recorded by the database in the same transaction, with
// who, from where and what changed (secrets hidden); nothing recorded for writes nobody on the
// staff made; entries that cannot be changed or deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, staffClient, type Client, type TestApp } from '../helpers/app.ts';
import { makePackage, seedBasics } from '../http/fixtures.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { AUDITED_TABLES } from '../../src/modules/audit/rules/audited-tables.ts';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { createTestDatabase } from '../helpers/db.ts';

let t: TestApp;
let owner: Client;
let token: string;
let catalogId: number;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
type Entry = {
  actor_type: string;
  actor_email: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  action: string;
  object_type: string;
  object_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};
const entriesFor = (type: string, id: number | string) =>
  sql<Entry>('select * from audit_log where object_type = ? and object_id = ? order by id', [type, String(id)]);

beforeAll(async () => {
  t = await makeTestApp();
  ({ catalogId } = await seedBasics(t));
  owner = await staffClient(t, 'owner');
  token = await apiToken(t, 'owner');
});
afterAll(() => t?.close());

describe('a staff write', () => {
  it('is recorded with who, from where, and the columns that changed, before and after', async () => {
    const id = await makePackage(t, catalogId, 'Before Name');
    expect(await entriesFor('package', id)).toEqual([]); // made outside any request: nobody's write
    const res = await owner.request(`/admin/packages/${id}`, {
      method: 'POST',
      form: { catalogId: String(catalogId), name: 'After Name', slug: 'after-name', status: 'visible' },
      headers: { 'user-agent': 'AuditTest/1.0', 'x-forwarded-for': '203.0.113.7', 'x-request-id': 'audit-req-0001' },
    });
    expect(res.status).toBe(303);
    const [entry, ...more] = await entriesFor('package', id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor_type: 'staff',
      actor_email: expect.stringMatching(/^owner\d+@example\.com$/),
      ip: '203.0.113.7',
      user_agent: 'AuditTest/1.0',
      request_id: 'audit-req-0001',
      action: 'update',
    });
    expect(entry!.before).toMatchObject({ name: 'Before Name' });
    expect(entry!.after).toMatchObject({ name: 'After Name' });
    // Only what changed.
    expect(Object.keys(entry!.after!)).not.toContain('catalog_id');
  });
});

describe('an API write', () => {
  it('is recorded as the token’s staff member', async () => {
    const id = await makePackage(t, catalogId, 'Api Package');
    const res = await t.app.request(`http://localhost/api/v1/packages/${id}/prices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Monthly', type: 'recurring', intervalCount: 1, period: 'month', currency: 'USD', price: '9.50' }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const [entry] = await sql<Entry>(
      `select * from audit_log where object_type = 'package_price' and action = 'insert' and after ->> 'package_id' = ?`,
      [String(id)],
    );
    expect(entry).toMatchObject({ actor_type: 'api', action: 'insert', before: null });
    expect(entry!.after).toMatchObject({ name: 'Monthly', price: 9.5 });
  });
});

describe('secrets', () => {
  it('show only that they changed', async () => {
    const [s] = await sql<{ id: number }>(`select id from staff order by id limit 1`);
    await t.orm.em.fork().transactional(async (tx) => {
      await tx
        .getConnection()
        .execute(
          `select set_config('hb.actor', ?, true)`,
          [JSON.stringify({ type: 'staff', id: s!.id, email: 'someone@example.com' })],
          'run',
          tx.getTransactionContext(),
        );
      await tx
        .getConnection()
        .execute(`update staff set password_hash = 'new-hash', name = 'Renamed' where id = ?`, [s!.id], 'run', tx.getTransactionContext());
    });
    const [entry] = (await entriesFor('staff', s!.id)).slice(-1);
    expect(entry!.before).toMatchObject({ password_hash: '[hidden]' });
    expect(entry!.after).toEqual({ password_hash: '[hidden]', name: 'Renamed' });
    expect(JSON.stringify(entry)).not.toContain('new-hash');
  });
});

describe('writes nobody on the staff made', () => {
  it('record nothing (a client’s checkout)', async () => {
    const id = await makePackage(t, catalogId, 'Client Bought');
    await savePrice(t.em(), id, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '3',
    });
    const [c] = await sql<{ id: number }>(
      `insert into client (email, name, currency) values ('buyer@example.com', 'Buyer', 'USD') returning id`,
    );
    const before = (await sql<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n;
    await placeOrder(t.em(), { clientId: c!.id, packageId: id, priceName: 'Monthly' }, new Date());
    expect((await sql<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n).toBe(before);
  });
});

describe('the trigger', () => {
  // How often audit_change ran for one write: the session's count (kept by PostgreSQL as the
  // function runs, and not yet flushed within a transaction) before and after it, on a new
  // connection: with no actor the setting was never set there (null, as on a worker's
  // connection); with one (or ''), it is set for the transaction, as the web process does.
  const callsDuring = async (actor: string | null, write: string) => {
    const client = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await client.connect();
    try {
      const one = async <T>(q: string, p: unknown[] = []) => (await client.query(q, p)).rows[0] as T;
      await client.query('begin');
      await client.query(`set local track_functions = 'pl'`);
      if (actor !== null) await client.query(`select set_config('hb.actor', $1, true)`, [actor]);
      expect((await one<{ actor: string | null }>(`select current_setting('hb.actor', true) as actor`)).actor).toBe(actor);
      const calls = async () =>
        (await one<{ n: number }>(`select coalesce(pg_stat_get_xact_function_calls('audit_change'::regproc), 0)::int as n`)).n;
      const before = await calls();
      await client.query(write);
      const during = (await calls()) - before;
      await client.query('commit');
      return during;
    } finally {
      await client.end();
    }
  };

  it('is not called for a write with no actor, and still records a staff write', async () => {
    const [c] = await sql<{ id: number }>(
      `insert into client (email, name, currency) values ('quiet@example.com', 'Quiet', 'USD') returning id`,
    );
    const rename = (name: string) => `update client set name = '${name}' where id = ${c!.id}`;
    expect(await callsDuring(null, rename('No Actor'))).toBe(0);
    expect(await callsDuring('', rename('Empty Actor'))).toBe(0);
    expect(await entriesFor('client', c!.id)).toEqual([]);
    expect(await callsDuring(JSON.stringify({ type: 'staff', id: 1, email: 'someone@example.com' }), rename('Staff Named'))).toBe(1);
    const entries = await entriesFor('client', c!.id);
    expect(entries.map((e) => [e.actor_email, e.action, e.after])).toEqual([['someone@example.com', 'update', { name: 'Staff Named' }]]);
    // An actor that is not JSON is called for, and records nothing, as before.
    expect(await callsDuring('not json', rename('Bad Actor'))).toBe(1);
    expect(await entriesFor('client', c!.id)).toHaveLength(1);
  });

  const ACTOR_SET = "(current_setting('hb.actor'::text, true) <> ''::text)";
  it('has its condition on every audited table, which going down takes away and up puts back', async () => {
    const db = await createTestDatabase();
    const conditions = async () =>
      (
        await db.orm.em
          .getConnection()
          .execute<{ def: string }[]>(
            `select pg_get_triggerdef(oid) as def from pg_trigger where tgfoid = 'audit_change'::regproc order by tgname`,
          )
      ).map((r) => /WHEN \((.*)\) EXECUTE/.exec(r.def)?.[1] ?? null);
    try {
      expect(await conditions()).toEqual(AUDITED_TABLES.map(() => ACTOR_SET));
      // This migration alone: ones after it may add audited tables of their own.
      await new Migrator(db.orm.em).down({ migrations: ['Migration20261209080000'] });
      expect(await conditions()).toEqual(AUDITED_TABLES.map(() => null));
      await new Migrator(db.orm.em).up();
      expect(await conditions()).toEqual(AUDITED_TABLES.map(() => ACTOR_SET));
    } finally {
      await db.drop();
    }
  });
});

describe('the audited tables', () => {
  it('are the ones the page and the sweep know of', async () => {
    const rows = await sql<{ table: string }>(
      `select c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname = c.relname || '_audit' and not t.tgisinternal order by 1`,
    );
    expect(rows.map((r) => r.table)).toEqual([...AUDITED_TABLES].sort());
  });
});

describe('the entries', () => {
  it('cannot be changed or deleted', async () => {
    await expect(sql(`update audit_log set actor_email = 'forged@example.com'`)).rejects.toThrow(/cannot be changed or deleted/);
    await expect(sql(`delete from audit_log`)).rejects.toThrow(/cannot be changed or deleted/);
    await expect(sql(`truncate audit_log`)).rejects.toThrow(/cannot be changed or deleted/);
    expect((await sql<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n).toBeGreaterThan(0);
  });
});
