import type { TestProject } from 'vitest/node';
import { openOrm, migrate } from '../../src/db/orm.ts';
import { adminQuery, TEST_PG } from './db.ts';
import { alive, cleanupRedis, deletePrefixes, prefixPids, runWorkersKey, stalePrefixes, testPrefixes } from './redis-prefixes.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
    runnerPid: number;
  }
}

/**
 * Queue keys left in Redis by test processes that are gone (a run that was killed) are deleted.
 * Each file deletes its own when it ends (test/helpers/clean-redis.ts) and records its worker's
 * pid; a key still there under one of those pids when the run ends was written after that
 * clean-up, so the run fails and names its prefixes. Pids still running are left out: one may be
 * a pid reused by another run's worker.
 */
async function sweepRedis(): Promise<() => Promise<void>> {
  const redis = await cleanupRedis();
  if (!redis) return async () => {};
  await deletePrefixes(redis, await stalePrefixes(redis));
  redis.disconnect();
  return async () => {
    const redis = await cleanupRedis();
    if (!redis) return;
    try {
      const key = runWorkersKey(process.pid);
      const workers = new Set((await redis.smembers(key)).map(Number).filter((pid) => !alive(pid)));
      await redis.unlink(key);
      const left = [...(await testPrefixes(redis))].filter((p) => prefixPids(p).some((pid) => workers.has(pid))).sort();
      await deletePrefixes(redis, left);
      if (left.length) throw new Error(`Tests left keys in Redis under ${left.join(', ')}: delete them when the test ends`);
    } finally {
      redis.disconnect();
    }
  };
}

/**
 * Builds a migrated template database for this run; each test file clones it. Names carry the
 * runner's pid, so parallel runs on one machine never drop each other's databases, and
 * databases left by a run that died are removed.
 */
export default async function setup(project: TestProject) {
  const checkRedis = await sweepRedis();
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
  project.provide('runnerPid', process.pid);
  return async () => {
    await adminQuery(`drop database if exists ${template} with (force)`);
    await checkRedis();
  };
}
