import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createAddonGroup } from '../../src/modules/catalog/create-addon-group.ts';
import { moveCatalog } from '../../src/modules/catalog/move-catalog.ts';
import { moveAddonGroup } from '../../src/modules/catalog/move-addon-group.ts';
import { moveGateway } from '../../src/modules/payments/move-gateway.ts';

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
