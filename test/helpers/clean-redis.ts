import { afterAll, inject } from 'vitest';
import { cleanupRedis, deletePrefixes, prefixPids, runWorkersKey, testPrefixes } from './redis-prefixes.ts';

// Queue keys a test file made under its prefixes (named with this worker's pid) are deleted once
// the file is done. This hook is registered before the file's own, so it runs after them: after
// the workers and processes that wrote the keys have stopped. The pid is recorded for the run's
// final check (test/helpers/global-setup.ts).
afterAll(async () => {
  const redis = await cleanupRedis();
  if (!redis) return; // Redis is down, so this file wrote nothing to it.
  try {
    const mine = [...(await testPrefixes(redis))].filter((p) => prefixPids(p).includes(process.pid));
    await deletePrefixes(redis, mine);
    await redis.sadd(runWorkersKey(inject('runnerPid')), process.pid);
  } finally {
    redis.disconnect();
  }
});
