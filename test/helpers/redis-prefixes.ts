import { Redis } from 'ioredis';

/** A `Date.now().toString(36)` stamp: 8 characters, a time since 2020 and at most a day ahead. */
const isStamp = (text: string) =>
  /^[a-z0-9]{8}$/i.test(text) && parseInt(text, 36) >= Date.UTC(2020, 0) && parseInt(text, 36) <= Date.now() + 86_400_000;

/**
 * Tests name their Redis prefixes `hb<tag><pid>` or `hb<tag><pid><Date.now() in base 36>`, the pid
 * being the test worker's (test/integration/worker.test.ts: `hbtest${process.pid}${...}`); the
 * benchmarks use `hbbench-<name>-<pid>-<stamp>`. Tags may hold digits (`hbo2s`) and stamps do, so
 * the name is read every way as tag + pid + stamp, and failing that as tag + pid. These are the
 * pids it may carry; the prefix belongs to a process only if one of them is its pid.
 */
export function prefixPids(prefix: string): number[] {
  if (!/^hb[a-z0-9_-]+$/i.test(prefix)) return [];
  const stamped: number[] = [];
  const bare: number[] = [];
  for (const m of prefix.slice(2).matchAll(/(?<=[a-z_-])\d+/gi)) {
    const rest = prefix.slice(2 + m.index + m[0].length);
    if (rest === '') bare.push(Number(m[0]));
    else if (isStamp(rest.replace(/^-/, ''))) stamped.push(Number(m[0]));
  }
  return stamped.length ? stamped : bare;
}

/**
 * A connection to the Redis the tests use, or undefined when it is down: clean-ups must neither
 * hang nor fail the tests that never needed Redis.
 */
export async function cleanupRedis(): Promise<Redis | undefined> {
  const redis = new Redis('redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return redis;
  } catch {
    redis.disconnect();
    return undefined;
  }
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Test prefixes whose process is gone (none of their candidate pids is running). */
export async function stalePrefixes(redis: Redis): Promise<string[]> {
  return [...(await testPrefixes(redis))].filter((prefix) => {
    const pids = prefixPids(prefix);
    return pids.length > 0 && !pids.some(alive);
  });
}

/**
 * The set of a run's test worker pids, kept under a prefix named with the runner's pid: it is
 * swept like any other once that runner is gone.
 */
export const runWorkersKey = (runnerPid: number) => `hbrun${runnerPid}:workers`;

/** The test prefixes (the part of each `hb…` key before its first colon) in Redis now. */
export async function testPrefixes(redis: Redis): Promise<Set<string>> {
  const prefixes = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', 'hb*', 'COUNT', 1000);
    cursor = next;
    for (const key of keys) prefixes.add(key.split(':')[0]!);
  } while (cursor !== '0');
  return prefixes;
}

/** Deletes every key under the prefixes (SCAN + UNLINK, so a large keyspace is never blocked). */
export async function deletePrefixes(redis: Redis, prefixes: Iterable<string>) {
  for (const prefix of prefixes) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  }
}
