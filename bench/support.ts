// Small helpers shared by the round-based benchmarks (checkout, jobs): fixed amounts of work
// timed as whole rounds, unlike package-list's fixed-duration autocannon runs.
import pg from 'pg';
import type { Measured } from './harness.ts';

export const PG_SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

/** An integer setting from the environment, refused (not clamped) when out of range. */
export function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${raw}).`);
  return n;
}

/** One statement on the maintenance database (create/drop the bench database). */
export async function admin(sql: string) {
  const client = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Nearest-rank percentile of unsorted samples (ms); 0 when there are none. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits for `check`, polling; throws with `what` once `ms` have passed. */
export async function until(check: () => boolean | Promise<boolean>, ms: number, what: string, every = 5) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out after ${ms / 1000}s waiting for ${what}.`);
    await sleep(every);
  }
}

/** A row for the shared table from whole rounds: work done / summed round wall time. */
export function measured(
  label: string,
  path: string,
  rounds: { wallMs: number; latencies: number[] }[],
  problems: { non2xx: number; errors: number; timeouts: number },
): Measured {
  const wall = rounds.reduce((s, r) => s + r.wallMs, 0);
  const latencies = rounds.flatMap((r) => r.latencies);
  return {
    label,
    path,
    rps: wall > 0 ? (latencies.length / wall) * 1000 : 0,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requests: latencies.length,
    ...problems,
  };
}

export const median = (xs: number[]) => percentile(xs, 50);
