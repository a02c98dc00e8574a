import type { TestProject } from 'vitest/node';
import { openOrm, migrate } from '../../src/db/orm.ts';
import { adminQuery, TEST_PG } from './db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Builds a migrated template database for this run; each test file clones it. Names carry the
 * runner's pid, so parallel runs on one machine never drop each other's databases, and
 * databases left by a run that died are removed.
 */
export default async function setup(project: TestProject) {
  const stale = await adminQuery(`select datname from pg_database where datname ~ '^hostbill_t(pl)?_[0-9]+_'`);
  for (const { datname } of stale.rows as { datname: string }[]) {
    const pid = Number(datname.split('_')[2]);
    if (!alive(pid)) await adminQuery(`drop database if exists ${datname} with (force)`);
  }
  const template = `hostbill_tpl_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(`create database ${template}`);
  const orm = await openOrm(`${TEST_PG}/${template}`);
  await migrate(orm);
  await orm.close(true);
  project.provide('templateDb', template);
  return async () => {
    await adminQuery(`drop database if exists ${template} with (force)`);
  };
}
