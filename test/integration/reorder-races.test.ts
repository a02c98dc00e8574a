import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createAddonGroup } from '../../src/modules/catalog/create-addon-group.ts';
import { moveCatalog } from '../../src/modules/catalog/move-catalog.ts';
import { moveAddonGroup } from '../../src/modules/catalog/move-addon-group.ts';
import { moveGateway } from '../../src/modules/payments/move-gateway.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { duplicatePackage } from '../../src/modules/catalog/duplicate-package.ts';
import { updatePackage } from '../../src/modules/catalog/update-package.ts';
import { sql as kysql } from 'kysely';
import { db as kysely } from '../../src/db/database.ts';

// Staff reorder lists with up/down buttons; two of them (or a double click) move rows of one
// list at once. Each move renumbers the whole list under a lock of every row: the rows must be
// locked in one order every mover agrees on, or two moves deadlock and one of them fails.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const em = () => t.orm.em.fork();
const sql = <T>(q: string) => t.orm.em.getConnection().execute<T[]>(q);

beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 1; i <= 6; i++) {
    await createCatalog(em(), { name: `Catalog ${i}` });
    await createAddonGroup(em(), { name: `Group ${i}` });
  }
});
afterAll(() => t.drop());

/** `moves` moves at once, each of a row picked in turn, up or down by turns. */
async function race<K>(keys: readonly K[], moves: number, move: (key: K, direction: 'up' | 'down') => Promise<void>) {
  const results = await Promise.allSettled(
    Array.from({ length: moves }, (_, i) => move(keys[(i * 7) % keys.length]!, i % 3 === 0 ? 'down' : 'up')),
  );
  return results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
}

const positions = async (table: string) =>
  (await sql<{ position: number }>(`select position from ${table} order by position`)).map((r) => r.position);

describe('moves racing on one list', () => {
  it('catalogs: every move succeeds and the positions stay 1..n', async () => {
    const ids = (await sql<{ id: number }>('select id from catalog')).map((r) => r.id);
    for (let round = 0; round < 3; round++) expect(await race(ids, 40, (id, d) => moveCatalog(em(), id, d))).toEqual([]);
    expect(await positions('catalog')).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('add-on groups: every move succeeds and the positions stay 1..n', async () => {
    const ids = (await sql<{ id: number }>('select id from addon_group')).map((r) => r.id);
    for (let round = 0; round < 3; round++) expect(await race(ids, 40, (id, d) => moveAddonGroup(em(), id, d))).toEqual([]);
    expect(await positions('addon_group')).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('payment gateways: every move succeeds and the positions stay 1..n', async () => {
    const keys = (await sql<{ key: string }>('select key from payment_gateway')).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(2);
    for (let round = 0; round < 3; round++) expect(await race(keys, 40, (key, d) => moveGateway(em(), key, d))).toEqual([]);
    expect(await positions('payment_gateway')).toEqual(keys.map((_, i) => i + 1));
  });
});

describe('items added at once to one list', () => {
  it('catalogs and add-on groups: each gets a place of its own, after the rest, and still its own while rows move', async () => {
    const placed = async (table: string) =>
      sql<{ position: number; new: boolean }>(`select position, name like 'New %' as new from ${table} order by position, id`);
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => createCatalog(em(), { name: `New catalog ${i}` })),
      ...Array.from({ length: 8 }, (_, i) => createAddonGroup(em(), { name: `New group ${i}` })),
    ]);
    for (const table of ['catalog', 'addon_group']) {
      const rows = await placed(table);
      expect(
        rows.map((r) => r.position),
        table,
      ).toEqual(rows.map((_, i) => i + 1));
      expect(
        rows.map((r) => r.new),
        table,
      ).toEqual(rows.map((_, i) => i >= rows.length - 8));
    }
    // A move renumbers the rows it locked, new ones among them; an item added meanwhile still gets a place of its own.
    const catalogs = (await sql<{ id: number }>('select id from catalog')).map((r) => r.id);
    const groups = (await sql<{ id: number }>('select id from addon_group')).map((r) => r.id);
    const [failedMoves] = await Promise.all([
      Promise.all([race(catalogs, 10, (id, d) => moveCatalog(em(), id, d)), race(groups, 10, (id, d) => moveAddonGroup(em(), id, d))]),
      ...Array.from({ length: 8 }, (_, i) => createCatalog(em(), { name: `Newer catalog ${i}` })),
      ...Array.from({ length: 8 }, (_, i) => createAddonGroup(em(), { name: `Newer group ${i}` })),
    ]);
    expect(failedMoves.flat()).toEqual([]);
    for (const table of ['catalog', 'addon_group']) {
      const rows = await placed(table);
      expect(new Set(rows.map((r) => r.position)).size, table).toBe(rows.length);
    }
  });

  it('packages of one catalog: each gets a place of its own, and a copy goes right after its source', async () => {
    const catalog = await createCatalog(em(), { name: 'Servers' });
    const made = await Promise.all(Array.from({ length: 6 }, (_, i) => createPackage(em(), { catalogId: catalog.id, name: `Plan ${i}` })));
    const order = async () =>
      (
        await sql<{ id: number; position: number }>(
          `select id, position from package where catalog_id = ${catalog.id} order by position, id`,
        )
      ).map((r) => [r.id, r.position]);
    const created = await order();
    expect(created.map(([, p]) => p)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(created.map(([id]) => id))).toEqual(new Set(made.map((p) => p.id)));
    // Three copies of the second and one of the fourth, at once.
    const [second, , fourth] = [created[1]![0]!, created[2]![0]!, created[3]![0]!];
    const sources = [second, second, fourth, second];
    const copies = await Promise.all(sources.map((id) => duplicatePackage(em(), id)));
    const after = await order();
    expect(after.map(([, p]) => p)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const copiesOf = (id: number) => new Set(copies.filter((_, i) => sources[i] === id).map((c) => c.id));
    const ids = after.map(([id]) => id);
    expect(new Set(ids.slice(2, 5))).toEqual(copiesOf(second));
    expect(ids.indexOf(fourth) + 1).toBe(ids.indexOf([...copiesOf(fourth)][0]));
    expect(ids.filter((id) => !copies.some((c) => c.id === id))).toEqual(created.map(([id]) => id));
  });

  it('packages: one added, one copied and one moved in from another catalog at once each get a place of their own', async () => {
    const [a, b] = await Promise.all([createCatalog(em(), { name: 'Alpha' }), createCatalog(em(), { name: 'Beta' })]);
    const first = await createPackage(em(), { catalogId: a.id, name: 'A0' });
    for (let i = 1; i < 3; i++) await createPackage(em(), { catalogId: a.id, name: `A${i}` });
    const moving = await createPackage(em(), { catalogId: b.id, name: 'B0' });
    await Promise.all([
      createPackage(em(), { catalogId: a.id, name: 'A new' }),
      duplicatePackage(em(), first.id),
      updatePackage(em(), moving.id, { catalogId: a.id }),
      createPackage(em(), { catalogId: a.id, name: 'A newer' }),
    ]);
    const rows = await sql<{ name: string; position: number }>(
      `select name, position from package where catalog_id = ${a.id} order by position, id`,
    );
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows.slice(0, 4).map((r) => r.name)).toEqual(['A0', 'A0 (copy)', 'A1', 'A2']);
    expect(new Set(rows.slice(4).map((r) => r.name))).toEqual(new Set(['A new', 'B0', 'A newer']));
  });

  it('copying a package while orders lock packages of its catalog never deadlocks', async () => {
    const catalog = await createCatalog(em(), { name: 'Locks' });
    const first = await createPackage(em(), { catalogId: catalog.id, name: 'L0' });
    for (let i = 1; i < 5; i++) await createPackage(em(), { catalogId: catalog.id, name: `L${i}` });
    await duplicatePackage(em(), first.id); // from here on, places and ids disagree
    // As checkout locks an order's packages (check-availability.ts): all in one statement, in id order.
    const lockAsCheckout = (ids: number[]) =>
      em().transactional(async (tx) => {
        await kysql`select id from package where id = any(${ids}::int[]) order by id for update`.execute(kysely(tx));
        await kysql`select pg_sleep(0.01)`.execute(kysely(tx));
      });
    for (let round = 0; round < 6; round++) {
      const ids = (await sql<{ id: number }>(`select id from package where catalog_id = ${catalog.id} and position > 1 order by id`)).map(
        (r) => r.id,
      );
      const results = await Promise.allSettled([
        lockAsCheckout(ids),
        duplicatePackage(em(), first.id),
        lockAsCheckout(ids.slice(1)),
        lockAsCheckout(ids.slice(2)),
      ]);
      expect(results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))).toEqual([]);
    }
    const places = await sql<{ position: number }>(`select position from package where catalog_id = ${catalog.id} order by position`);
    expect(places.map((r) => r.position)).toEqual(places.map((_, i) => i + 1));
  });
});
