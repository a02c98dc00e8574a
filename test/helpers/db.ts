import postgres from 'pg';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openOrm, type Orm } from '../../src/db/orm.ts';

export const TEST_PG = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

export async function adminQuery(sql: string) {
  const client = new postgres.Client({ connectionString: `${TEST_PG}/postgres` });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A private database for one test file, cloned from the migrated template in a few ms. */
export async function createTestDatabase(): Promise<{ url: string; orm: Orm; drop: () => Promise<void> }> {
  const template = inject('templateDb');
  // The runner's pid (second field of the template name) marks whose database this is.
  const name = `hostbill_t_${template.split('_')[2]}_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create database ${name} template ${template}`);
  const url = `${TEST_PG}/${name}`;
  const orm = await openOrm(url, { poolMax: 20 });
  return {
    url,
    orm,
    async drop() {
      await orm.close(true);
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
