import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { deleteCatalog } from '../../src/modules/catalog/delete-catalog.ts';
import { Conflict } from '../../src/modules/shared/errors.ts';

// A delete that counts what still refers to a row, and then deletes it, must count under a lock
// that a row being added meanwhile also needs, or the count misses it and the delete trips the
// foreign key (a 500) instead of saying what is in the way (a 409).

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const em = () => t.orm.em.fork();
const catalogRows = async (id: number) =>
  (await t.orm.em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from catalog where id = ?', [id]))[0]!.n;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('deleting a catalog while a package is being added to it', () => {
  it('waits for the package, then refuses with the count (409), never a foreign key error', async () => {
    const { id } = await createCatalog(em(), { name: 'Racing' });
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(`insert into package (catalog_id, name, slug) values ($1, 'Late', 'late-${id}')`, [id]);
      const deleting = deleteCatalog(em(), id).then(
        () => 'deleted',
        (err: unknown) => err,
      );
      // The delete now waits on the catalog row the insert holds; the package then commits.
      await new Promise((r) => setTimeout(r, 300));
      await other.query('commit');
      const outcome = await deleting;
      expect(outcome).toBeInstanceOf(Conflict);
      expect((outcome as Error).message).toBe('"Racing" still has 1 package. Move or delete them first, or hide the catalog.');
      expect(await catalogRows(id)).toBe(1);
    } finally {
      await other.end();
    }
  });

  it('deletes a catalog nothing is being added to', async () => {
    const { id } = await createCatalog(em(), { name: 'Empty' });
    await deleteCatalog(em(), id);
    expect(await catalogRows(id)).toBe(0);
  });
});
