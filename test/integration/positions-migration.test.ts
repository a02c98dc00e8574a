// The migration that gives every item of a list a place of its own, on lists stored before it
// (a copied package sharing the place of the package after its source, items added at once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator } from '@mikro-orm/migrations';
import { createTestDatabase } from '../helpers/db.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const shown = (table: string, where = 'true') =>
  sql<{ name: string; position: number }>(`select name, position from ${table} where ${where} order by position, id`);

let before: Record<string, { name: string; position: number }[]> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  await new Migrator(db.orm.em).down({ to: 'Migration20261207080000' });
  for (const [name, position] of [
    ['Games', 2],
    ['Servers', 1],
    ['Mail', 2],
    ['Backup', 7],
  ] as const)
    await sql(`insert into catalog (name, slug, position) values (?, ?, ?)`, [name, name.toLowerCase(), position]);
  for (const [name, position] of [
    ['Extras', 3],
    ['Disks', 3],
    ['IPs', 0],
  ] as const)
    await sql(`insert into addon_group (name, position) values (?, ?)`, [name, position]);
  const [servers, games] = await sql<{ id: number }>(`select id from catalog where slug in ('servers', 'games') order by slug desc`);
  for (const [catalog, name, position] of [
    [servers!.id, 'VPS Small', 1],
    [servers!.id, 'VPS Medium', 2],
    [servers!.id, 'VPS Small (copy)', 2],
    [servers!.id, 'VPS Large', 3],
    [games!.id, 'Minecraft', 4],
    [games!.id, 'Valheim', 4],
  ] as const)
    await sql(`insert into package (catalog_id, name, slug, position) values (?, ?, ?, ?)`, [
      catalog,
      name,
      name.toLowerCase().replace(/\W+/g, '-').replace(/-$/, ''),
      position,
    ]);
  before = {
    catalog: await shown('catalog'),
    addon_group: await shown('addon_group'),
    servers: await shown('package', `catalog_id = ${servers!.id}`),
    games: await shown('package', `catalog_id = ${games!.id}`),
  };
  await new Migrator(db.orm.em).up();
}, 60_000);
afterAll(() => db?.drop());

describe('places stored before distinct places', () => {
  it('are numbered from 1 in each list, in the order they were shown', async () => {
    const [servers, games] = await sql<{ id: number }>(`select id from catalog where slug in ('servers', 'games') order by slug desc`);
    const after = {
      catalog: await shown('catalog'),
      addon_group: await shown('addon_group'),
      servers: await shown('package', `catalog_id = ${servers!.id}`),
      games: await shown('package', `catalog_id = ${games!.id}`),
    };
    for (const [list, rows] of Object.entries(after)) {
      expect(
        rows.map((r) => r.name),
        list,
      ).toEqual(before[list]!.map((r) => r.name));
      expect(
        rows.map((r) => r.position),
        list,
      ).toEqual(rows.map((_, i) => i + 1));
    }
    expect(after.servers.map((r) => r.name)).toEqual(['VPS Small', 'VPS Medium', 'VPS Small (copy)', 'VPS Large']);
  });
});
