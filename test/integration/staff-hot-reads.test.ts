import { sql as raw } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, attachTestCache, makeTestApp, staffClient, type Client, type TestApp } from '../helpers/app.ts';
import { until } from '../helpers/wait.ts';
import { ChangeCache } from '../../src/db/cache.ts';
import { ChangeFeed } from '../../src/db/change-feed.ts';
import { db } from '../../src/db/database.ts';
import { executePrepared } from '../../src/db/prepared.ts';
import { listPackages } from '../../src/modules/catalog/list-packages.ts';
import { findSignedInStaff } from '../../src/modules/staff/find-signed-in-staff.ts';
import { findStaffByToken } from '../../src/modules/staff/find-staff-by-token.ts';
import { seedBasics, makePackage } from '../http/fixtures.ts';
import { sql } from '../http/client/helpers.ts';
import { sha256 } from '../../src/modules/shared/tokens.ts';

// The staff pages' hot reads: the signed-in staff check comes from memory and is dropped by
// every committed write to sessions or staff; the package list runs as named prepared statements.

let t: TestApp;
let feed: ChangeFeed;
let cache: ChangeCache;

beforeAll(async () => {
  t = await makeTestApp();
  ({ feed, cache } = await attachTestCache(t));
});
afterAll(async () => {
  await feed.stop();
  await t.close();
});

const token = (c: Client) => c.cookie.replace(/^hb_session=/, '');
const signedIn = async (c: Client) => (await c.get('/admin/catalogs')).status === 200;

describe('the signed-in staff check', () => {
  it('is read once and then served from memory', async () => {
    const staff = await staffClient(t);
    expect(await signedIn(staff)).toBe(true);
    const hits = cache.hits;
    expect(await signedIn(staff)).toBe(true);
    expect(await signedIn(staff)).toBe(true);
    expect(cache.hits - hits).toBeGreaterThanOrEqual(2);
  });

  it('refuses the cookie at once after signing out', async () => {
    const staff = await staffClient(t);
    const cookie = staff.cookie;
    expect(await signedIn(staff)).toBe(true);
    expect((await staff.post('/admin/sign-out')).status).toBe(303);
    staff.cookie = cookie; // a copy of the cookie kept after signing out
    const res = await staff.get('/admin/catalogs');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/admin\/sign-in/);
  });

  it('refuses a session deleted elsewhere (another process, plain SQL) once the change arrives', async () => {
    const staff = await staffClient(t);
    expect(await signedIn(staff)).toBe(true);
    await sql(t, `delete from session where principal_type = 'staff' and id = ?`, [sha256(token(staff))]);
    await until(
      async () => !(await signedIn(staff)),
      5000,
      () => 'the deleted session was still accepted',
    );
    expect((await staff.get('/admin/catalogs')).status).toBe(302);
  });

  it('sees a role changed elsewhere: support may no longer write', async () => {
    const staff = await staffClient(t);
    const { catalogId } = await seedBasics(t);
    expect((await staff.post(`/admin/catalogs/${catalogId}`, { name: 'Renamed once', slug: 'renamed-once' })).status).not.toBe(403);
    await sql(t, `update staff set role = 'support' where id = (select principal_id from session where id = ?)`, [sha256(token(staff))]);
    await until(
      async () => (await staff.post(`/admin/catalogs/${catalogId}`, { name: 'Renamed twice', slug: 'renamed-twice' })).status === 403,
      5000,
      () => 'the old role still applied',
    );
  });

  it('checks expiry against the clock on every request, even when the session is in memory', async () => {
    const staff = await staffClient(t);
    const now = new Date();
    expect((await findSignedInStaff(t.em(), token(staff), now))?.staff?.role).toBe('owner');
    const [row] = await sql<{ expires_at: Date }>(t, `select expires_at from session where id = ?`, [sha256(token(staff))]);
    const hits = cache.hits;
    expect(await findSignedInStaff(t.em(), token(staff), new Date(row!.expires_at.getTime() - 1000))).not.toBeNull();
    expect(await findSignedInStaff(t.em(), token(staff), row!.expires_at)).toBeNull();
    expect(cache.hits - hits).toBe(2); // both answers came from memory, with no write in between
  });
});

describe('an API token', () => {
  it('is stamped as used at most once a minute, however many requests come at once', async () => {
    const bearer = await apiToken(t);
    // Every write of a token row, counted by the database itself.
    await sql(t, `create table token_stamp (token_id int not null)`);
    await sql(
      t,
      `create function count_token_stamp() returns trigger language plpgsql as $$ begin insert into token_stamp values (new.id); return null; end $$`,
    );
    await sql(t, `create trigger count_token_stamp after update on api_token for each row execute function count_token_stamp()`);
    const stamps = async () => (await sql<{ n: number }>(t, 'select count(*)::int as n from token_stamp'))[0]!.n;
    const burst = (at: Date) => Promise.all(Array.from({ length: 20 }, () => findStaffByToken(t.em(), bearer, at)));
    try {
      const start = new Date();
      expect((await burst(start)).every((s) => s?.email.startsWith('api-'))).toBe(true);
      expect(await stamps()).toBe(1);
      await burst(new Date(start.getTime() + 30_000));
      expect(await stamps()).toBe(1);
      await burst(new Date(start.getTime() + 61_000));
      expect(await stamps()).toBe(2);
    } finally {
      await sql(t, 'drop trigger count_token_stamp on api_token');
      await sql(t, 'drop function count_token_stamp()');
      await sql(t, 'drop table token_stamp');
    }
  });
});

describe('named prepared statements', () => {
  it('are parsed once per connection and give the same rows as the unnamed statement', async () => {
    const { catalogId } = await seedBasics(t);
    await makePackage(t, catalogId, 'Prepared Box');
    await t.em().transactional(async (em) => {
      // One transaction is one connection: what it has prepared is in pg_prepared_statements.
      const query = db(em).selectFrom('package').select(['id', 'name']).where('name', '=', 'Prepared Box');
      const before = await prepared(em);
      const named = await executePrepared(em, query);
      const again = await executePrepared(em, query);
      const plain = await query.execute();
      const after = await prepared(em);
      expect(named).toEqual(plain);
      expect(again).toEqual(plain);
      expect(plain).toHaveLength(1);
      const added = after.filter((a) => !before.some((b) => b.name === a.name));
      expect(added).toHaveLength(1);
      expect(added[0]!.name).toMatch(/^hb_[0-9a-f]{20}$/);
      expect(added[0]!.statement).toBe(query.compile().sql);
    });
  });

  it('serve the staff package list, one statement per shape', async () => {
    await t.em().transactional(async (em) => {
      const first = await listPackages(em, { q: 'Prepared' });
      const second = await listPackages(em, { q: 'Prepared' });
      expect(first.items.map((i) => i.name)).toEqual(['Prepared Box']);
      expect(second).toEqual(first);
      const names = (await prepared(em)).filter((p) => p.name.startsWith('hb_'));
      // The page carries its total: one statement, one round trip.
      expect(names.filter((n) => /from "package" as "p"/.test(n.statement))).toHaveLength(1);
      expect(first.total).toBe(1);
    });
  });

  it('count the packages apart only for a page past the end, and give the same totals as counting', async () => {
    await t.em().transactional(async (em) => {
      const all = await listPackages(em, { perPage: 1 });
      expect(all.items).toHaveLength(1);
      const [{ n }] = (await raw<{ n: number }>`select count(*)::int as n from package`.execute(db(em))).rows as [{ n: number }];
      expect(all.total).toBe(n);
      const past = await listPackages(em, { perPage: 1, page: n + 5 });
      expect(past.items).toEqual([]);
      expect(past.total).toBe(n);
      expect(past.pages).toBe(n);
      const none = await listPackages(em, { q: 'no package is called this' });
      expect([none.items, none.total, none.pages]).toEqual([[], 0, 1]);
    });
  });
});

describe('the staff package list in memory', () => {
  const page = () => listPackages(t.em(), { q: 'Memo' });
  /** Whether a read was served from memory (changes made just before may still be arriving). */
  const inMemory = (read: () => Promise<unknown>) => async () => {
    const before = cache.hits;
    await read();
    return cache.hits > before;
  };

  it('serves a page again from memory, and drops it when a package, catalog or price changes', async () => {
    const { catalogId } = await seedBasics(t);
    const id = await makePackage(t, catalogId, 'Memo One');
    await until(
      async () => (await page()).total === 1,
      5000,
      () => 'the new package never showed',
    );
    const first = await page();
    await until(inMemory(page), 5000, () => 'the page never stayed in memory');
    expect(await page()).toEqual(first);

    await sql(t, `update package set name = 'Memo Renamed' where id = ?`, [id]);
    await until(
      async () => (await page()).items[0]?.name === 'Memo Renamed',
      5000,
      () => 'the old name was still served',
    );
    await makePackage(t, catalogId, 'Memo Two');
    await until(
      async () => (await page()).total === 2,
      5000,
      () => 'the old total was still served',
    );
    await sql(t, `update catalog set name = 'Memo Catalog' where id = ?`, [catalogId]);
    await until(
      async () => (await page()).items.every((i) => i.catalogName === 'Memo Catalog'),
      5000,
      () => 'the old catalog name',
    );
    await sql(
      t,
      `insert into package_price (package_id, name, type, currency, price, position) values (?, 'Once', 'onetime', 'USD', 5, 0)`,
      [id],
    );
    await until(
      async () => (await page()).items.find((i) => i.id === id)?.priceCount === 1,
      5000,
      () => 'the old price count',
    );
  });

  it('drops a page when services of a package on it are taken or given back, and keeps it for other packages', async () => {
    const { catalogId } = await seedBasics(t);
    const id = await makePackage(t, catalogId, 'Memo Held');
    const other = await makePackage(t, catalogId, 'Elsewhere');
    const held = () => listPackages(t.em(), { q: 'Memo Held' });
    const elsewhere = () => listPackages(t.em(), { q: 'Elsewhere' });
    const [client] = await sql<{ id: number }>(
      t,
      `insert into client (email, name, currency) values ('memo@example.com', 'Memo', 'USD') returning id`,
    );
    // Both pages in memory, after every earlier change arrived.
    await until(inMemory(held), 5000, () => 'the page never stayed in memory');
    await until(inMemory(elsewhere), 5000, () => 'the page never stayed in memory');

    // A service of a package not on the page: that package's page is dropped, this one stays.
    await sql(t, `insert into service (client_id, package_id, status) values (?, ?, 'active')`, [client!.id, other]);
    await until(
      async () => (await elsewhere()).items[0]?.inUse === 1,
      5000,
      () => 'the other count',
    );
    const hits = cache.hits;
    expect((await held()).items[0]!.inUse).toBe(0);
    expect(cache.hits - hits).toBe(1);

    const [service] = await sql<{ id: number }>(
      t,
      `insert into service (client_id, package_id, status) values (?, ?, 'pending') returning id`,
      [client!.id, id],
    );
    await until(
      async () => (await held()).items[0]!.inUse === 1,
      5000,
      () => 'the old units in use',
    );
    await sql(t, `update service set status = 'terminated' where id = ?`, [service!.id]);
    await until(
      async () => (await held()).items[0]!.inUse === 0,
      5000,
      () => 'a terminated service still counted',
    );
  });

  it('reads the order by units in use live (it depends on every package, not only the page)', async () => {
    const hits = cache.hits;
    const a = await listPackages(t.em(), { sort: 'in_use', dir: 'desc' });
    const b = await listPackages(t.em(), { sort: 'in_use', dir: 'desc' });
    expect(b).toEqual(a);
    expect(cache.hits - hits).toBe(0);
  });
});

/** The named statements prepared on `em`'s connection. */
async function prepared(em: Parameters<typeof db>[0]) {
  return (await raw<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(db(em))).rows;
}
