// The migrations that store each service's MRR share and turn JIT compilation off, run on a
// database that had services before them, and the JIT one by a role that does not own the database.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { openOrm } from '../../src/db/orm.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { billingFixtures, snapshotOf } from './billing-runs-fixtures.ts';
import { Migration20261208090000 } from '../../migrations/Migration20261208090000.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let f: ReturnType<typeof billingFixtures>;

/** The database's own settings (`alter database … set`), as new sessions start with them. */
const databaseSettings = async () =>
  (
    await f.sql<{ setconfig: string[] | null }>(
      `select s.setconfig from pg_db_role_setting s join pg_database d on d.oid = s.setdatabase where d.datname = current_database() and s.setrole = 0`,
    )
  ).flatMap((r) => r.setconfig ?? []);

beforeAll(async () => {
  db = await createTestDatabase();
  f = billingFixtures(db.orm);
}, 60_000);
afterAll(() => db.drop());

describe('storing the MRR share', () => {
  it('works it out for the services already stored', async () => {
    await new Migrator(db.orm.em).down({ to: 'Migration20261207090000' });
    const pkg = await f.basics();
    const client = await f.client('Before');
    const month = { intervalCount: 1, period: 'month' } as const;
    for (const snapshot of [snapshotOf(month, '9.9900', 'USD', 2), { price: { type: 'onetime' } }])
      await f.sql(`insert into service (client_id, package_id, status, price_snapshot) values (?, ?, 'active', ?::jsonb)`, [
        client,
        pkg,
        JSON.stringify(snapshot),
      ]);
    await new Migrator(db.orm.em).up();
    const rows = await f.sql<{ mrr_amount: string | null }>(`select mrr_amount::text from service order by id`);
    expect(rows.map((r) => r.mrr_amount)).toEqual(['4.9950', null]);
    expect(await databaseSettings()).toContain('jit=off');
  });
});

describe('turning JIT off', () => {
  it("is the database's setting for new sessions, and going back resets it", async () => {
    await new Migrator(db.orm.em).up();
    expect(await databaseSettings()).toContain('jit=off');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      expect((await client.query<{ jit: string }>('show jit')).rows[0]!.jit).toBe('off');
    } finally {
      await client.end();
    }
    await new Migrator(db.orm.em).down({ to: 'Migration20261208080000' });
    expect(await databaseSettings()).not.toContain('jit=off');
    await new Migrator(db.orm.em).up();
  });

  it('says on the console what the owner must run, and changes nothing, when run by a role that does not own the database', async () => {
    const role = `jit_not_owner_${process.pid}`;
    await f.sql(`create role ${role} login`);
    const url = new URL(db.url);
    url.username = role;
    const notOwner = await openOrm(url.toString());
    const said = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await f.sql(`alter database "${url.pathname.slice(1)}" reset jit`);
      const migration = new Migration20261208090000(notOwner.em.getDriver(), notOwner.config);
      await migration.up();
      expect(migration.getQueries()).toEqual([]);
      expect(said).toHaveBeenCalledWith(`Only the owner of the database can run: alter database "${url.pathname.slice(1)}" set jit = off;`);
      expect(await databaseSettings()).not.toContain('jit=off');
      // The owner's run of the same migration sets it.
      const owned = new Migration20261208090000(db.orm.em.getDriver(), db.orm.config);
      await owned.up();
      expect(owned.getQueries()).toEqual([`alter database "${url.pathname.slice(1)}" set jit = off;`]);
    } finally {
      said.mockRestore();
      await notOwner.close(true);
      await f.sql(`drop role ${role}`);
    }
  });
});
