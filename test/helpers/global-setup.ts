import { openOrm, migrate } from '../../src/db/orm.ts';
import { adminQuery, TEMPLATE_DB, TEST_PG } from './db.ts';

/** Builds the migrated template database once per run; test files clone it. */
export default async function setup() {
  const stale = await adminQuery(`select datname from pg_database where datname like 'hostbill_t_%'`);
  for (const row of stale.rows) await adminQuery(`drop database if exists ${row.datname} with (force)`);
  await adminQuery(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await adminQuery(`create database ${TEMPLATE_DB}`);
  const orm = await openOrm(`${TEST_PG}/${TEMPLATE_DB}`);
  await migrate(orm);
  await orm.close(true);
}
