import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import autocannon from 'autocannon';

/** Shared settings: every target in a run is measured the same way. */
export const CONNECTIONS = 50;
export const SECONDS = (() => {
  const n = Number(process.env.BENCH_SECONDS ?? 10);
  if (!Number.isFinite(n) || n < 1 || n > 600) throw new Error(`BENCH_SECONDS must be 1..600 (got ${process.env.BENCH_SECONDS}).`);
  return Math.round(n);
})();
const WARMUP_REQUESTS = 200; // unreported, so JIT and pools are warm before the timed run

export interface Listening {
  origin: string;
  /** Resolves once no request is being handled (autocannon leaves up to 50 in flight when it stops). */
  drain: () => Promise<void>;
  close: () => Promise<void>;
}

/** Serves a fetch handler on a free loopback port, counting requests in flight. */
export function listen(handler: (req: Request) => Response | Promise<Response>): Promise<Listening> {
  let inFlight = 0;
  const fetch = async (req: Request) => {
    inFlight++;
    try {
      return await handler(req);
    } finally {
      inFlight--;
    }
  };
  const drain = async () => {
    for (const until = Date.now() + 30_000; inFlight > 0;) {
      if (Date.now() > until) throw new Error(`${inFlight} requests still in flight after 30s.`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        drain,
        close: async () => {
          const http = server as Server;
          const closed = new Promise<void>((done) => http.close(() => done()));
          http.closeAllConnections?.();
          await closed;
          await drain();
        },
      });
    });
    server.once('error', reject);
  });
}

export interface Measured {
  label: string;
  path: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** One target: a short unreported warm-up, then the measured run. */
export async function measure(
  label: string,
  server: Pick<Listening, 'origin' | 'drain'>,
  path: string,
  headers: Record<string, string> = {},
  connections = CONNECTIONS,
): Promise<Measured> {
  const url = server.origin + path;
  const base = { url, headers, workers: 1, timeout: 10 };
  await autocannon({ ...base, connections: 10, amount: WARMUP_REQUESTS });
  await server.drain();
  process.stdout.write(`  measuring ${label.padEnd(34)} ${SECONDS}s x ${connections} connections ... `);
  const r = await autocannon({ ...base, connections, duration: SECONDS });
  await server.drain(); // so the next target does not share the machine with this one's backlog
  const m: Measured = {
    label,
    path,
    rps: r.requests.total / r.duration, // completed requests / elapsed s (robust for short runs)
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
  console.log(`${Math.round(m.rps)} req/s`);
  return m;
}

/** Problems that make a run invalid: any non-2xx answer, connection error or timeout. */
export function failures(rows: Measured[]): string[] {
  return rows
    .filter((r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || r.requests === 0)
    .map((r) => `${r.label}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts, ${r.requests} requests`);
}

export interface Baseline {
  key: string; // short name for the table, e.g. "bare"
  label: string; // the row measured as this baseline
}

export interface BenchReport {
  name: string;
  seconds: number;
  connections: number;
  baselines: Baseline[];
  /** vs[key]: this row's req/s as a share of the baseline's, and its p99 as a multiple of the baseline's. */
  rows: (Measured & { vs: Record<string, { rps: number; p99: number }> })[];
  notes: string[];
}

export function report(name: string, rows: Measured[], baselines: Baseline[], notes: string[] = []): BenchReport {
  const bases = baselines.map((b) => {
    const row = rows.find((r) => r.label === b.label);
    if (!row) throw new Error(`No baseline row "${b.label}".`);
    return { key: b.key, row };
  });
  return {
    name,
    seconds: SECONDS,
    connections: CONNECTIONS,
    baselines,
    rows: rows.map((r) => ({
      ...r,
      vs: Object.fromEntries(bases.map((b) => [b.key, { rps: r.rps / b.row.rps, p99: b.row.p99 > 0 ? r.p99 / b.row.p99 : NaN }])),
    })),
    notes,
  };
}

export function formatTable(rep: BenchReport): string {
  const rank = (label: string) => rep.baselines.findIndex((b) => b.label === label);
  const head = [
    'target',
    'req/s',
    'p50 ms',
    'p99 ms',
    'non-2xx',
    'errors',
    ...rep.baselines.flatMap((b) => [`req/s vs ${b.key}`, `p99 vs ${b.key}`]),
  ];
  const body = rep.rows.map((r) => [
    r.label,
    r.rps.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    String(r.non2xx),
    String(r.errors + r.timeouts),
    ...rep.baselines.flatMap((b, i) => {
      if (r.label === b.label) return ['base', 'base'];
      if (rank(r.label) >= 0 && rank(r.label) < i) return ['-', '-'];
      const v = r.vs[b.key]!;
      return [`${(v.rps * 100).toFixed(1)}%`, Number.isFinite(v.p99) ? `${v.p99.toFixed(1)}x` : 'n/a'];
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const title = `${rep.name}: ${rep.connections} connections, ${rep.seconds}s per target`;
  const legend = rep.baselines.map((b) => `"${b.key}" = ${b.label}`).join('; ');
  return [title, line(head), rule, ...body.map(line), `  baselines: ${legend}`, ...rep.notes.map((n) => `  note: ${n}`)].join('\n');
}
