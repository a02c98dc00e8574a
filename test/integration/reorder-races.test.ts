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
import { saveVariantGroup } from '../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../src/modules/catalog/save-variant-option.ts';
import { removeVariantGroup, removeVariantOption } from '../../src/modules/catalog/remove-variant.ts';
import { savePackageOptionPrices } from '../../src/modules/catalog/save-package-option-prices.ts';
import { setPackageOptionGroups } from '../../src/modules/catalog/set-package-option-groups.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { setOfferedAddonGroups } from '../../src/modules/catalog/set-offered-addon-groups.ts';
import { updateAddonGroup } from '../../src/modules/catalog/update-addon-group.ts';
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

describe("a package's option groups and their options, changed at once", () => {
  const rejections = (results: PromiseSettledResult<unknown>[]) =>
    results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));

  it('groups added at once to one package each get a place of their own, after the rest, also after one was removed', async () => {
    const catalog = await createCatalog(em(), { name: 'Options' });
    const pkg = await createPackage(em(), { catalogId: catalog.id, name: 'With options' });
    const first = await saveVariantGroup(em(), pkg.id, undefined, { name: 'First', type: 'choice' });
    await saveVariantGroup(em(), pkg.id, undefined, { name: 'Second', type: 'choice' });
    await removeVariantGroup(em(), pkg.id, first.id); // "Second" keeps place 2: count + 1 would be taken
    expect(
      rejections(
        await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) => saveVariantGroup(em(), pkg.id, undefined, { name: `New ${i}`, type: 'choice' })),
        ),
      ),
    ).toEqual([]);
    const rows = await sql<{ name: string; position: number }>(
      `select g.name, pg.position from package_option_group pg join variant_group g on g.id = pg.group_id where pg.package_id = ${pkg.id} order by pg.position, pg.id`,
    );
    expect(rows.map((r) => r.position)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(rows[0]!.name).toBe('Second');
  });

  it('options added at once: a choice group gives each its own place; a yes/no group takes one and refuses the rest', async () => {
    const catalog = await createCatalog(em(), { name: 'More options' });
    const pkg = await createPackage(em(), { catalogId: catalog.id, name: 'Configurable' });
    const choice = await saveVariantGroup(em(), pkg.id, undefined, { name: 'Region', type: 'choice' });
    const yesno = await saveVariantGroup(em(), pkg.id, undefined, { name: 'Backups', type: 'yesno' });
    const gone = await saveVariantOption(em(), pkg.id, choice.id, undefined, { name: 'Old' });
    await saveVariantOption(em(), pkg.id, choice.id, undefined, { name: 'Kept' });
    await removeVariantOption(em(), pkg.id, choice.id, gone.id);

    const added = await Promise.allSettled([
      ...Array.from({ length: 6 }, (_, i) => saveVariantOption(em(), pkg.id, choice.id, undefined, { name: `Region ${i}` })),
      ...Array.from({ length: 6 }, (_, i) => saveVariantOption(em(), pkg.id, yesno.id, undefined, { name: `Yes ${i}` })),
    ]);
    const refused = rejections(added);
    expect(refused).toEqual(Array.from({ length: 5 }, () => 'This group has its one option already: only a choice group has several.'));
    const options = async (groupId: number) =>
      sql<{ name: string; position: number }>(
        `select name, position from variant_option where group_id = ${groupId} order by position, id`,
      );
    const regions = await options(choice.id);
    expect(regions.map((r) => r.position)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(regions[0]!.name).toBe('Kept');
    expect((await options(yesno.id)).length).toBe(1);
  });

  it('a group turned into a one-option type while options are added holds at most one option, or says why not', async () => {
    const catalog = await createCatalog(em(), { name: 'Type change' });
    const pkg = await createPackage(em(), { catalogId: catalog.id, name: 'Changing' });
    for (let round = 0; round < 4; round++) {
      const group = await saveVariantGroup(em(), pkg.id, undefined, { name: `Group ${round}`, type: 'choice' });
      const results = await Promise.allSettled([
        saveVariantOption(em(), pkg.id, group.id, undefined, { name: 'One' }),
        saveVariantGroup(em(), pkg.id, group.id, { name: `Group ${round}`, type: 'yesno' }),
        saveVariantOption(em(), pkg.id, group.id, undefined, { name: 'Two' }),
      ]);
      const type = (await sql<{ type: string }>(`select type from variant_group where id = ${group.id}`))[0]!.type;
      const n = (await sql<{ n: number }>(`select count(*)::int as n from variant_option where group_id = ${group.id}`))[0]!.n;
      if (type === 'yesno') expect(n, `round ${round}: ${rejections(results).join('; ')}`).toBeLessThanOrEqual(1);
      else expect(rejections(results)[0], `round ${round}`).toMatch(/has one option; remove the others first/);
    }
  });

  it("a package's own option prices saved while it stops using the group: never left behind for a group it no longer uses", async () => {
    await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
    const catalog = await createCatalog(em(), { name: 'Own prices' });
    const pkg = await createPackage(em(), { catalogId: catalog.id, name: 'Own' });
    for (let round = 0; round < 6; round++) {
      const group = await saveVariantGroup(em(), pkg.id, undefined, { name: `Disk ${round}`, type: 'choice' });
      const option = await saveVariantOption(em(), pkg.id, group.id, undefined, { name: 'SSD' });
      await Promise.allSettled([
        savePackageOptionPrices(em(), pkg.id, option.id, { prices: [{ priceName: 'Monthly', currency: 'USD', price: '3' }] }),
        setPackageOptionGroups(em(), pkg.id, { groupIds: [] }),
      ]);
      const left = await sql<{ n: number }>(
        `select count(*)::int as n from package_option_price pop
          where pop.package_id = ${pkg.id}
            and not exists (select 1 from package_option_group pg join variant_option o on o.group_id = pg.group_id
                             where pg.package_id = pop.package_id and o.id = pop.option_id)`,
      );
      expect(left[0]!.n, `round ${round}`).toBe(0);
    }
  });

  it('a package offering a group while the group is given that package: one of the two is refused, never a package its own add-on', async () => {
    const catalog = await createCatalog(em(), { name: 'Self add-ons' });
    for (let round = 0; round < 6; round++) {
      const pkg = await createPackage(em(), { catalogId: catalog.id, name: `Self ${round}` });
      const group = await createAddonGroup(em(), { name: `Extras ${round}` });
      const results = await Promise.allSettled([
        setOfferedAddonGroups(em(), pkg.id, { groupIds: [group.id] }),
        updateAddonGroup(em(), group.id, { packageIds: [pkg.id] }),
      ]);
      const offers = await sql(`select 1 from package_addon_group where package_id = ${pkg.id} and addon_group_id = ${group.id}`);
      const holds = await sql(`select 1 from addon_group_package where package_id = ${pkg.id} and addon_group_id = ${group.id}`);
      expect(offers.length + holds.length, `round ${round}: ${rejections(results).join('; ')}`).toBe(1);
      expect(rejections(results), `round ${round}`).toHaveLength(1);
    }
  });
});
