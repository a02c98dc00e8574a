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
const WARMUP_SECONDS = 1;

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
    for (const until = Date.now() + 30_000; inFlight > 0; ) {
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
export async function measure(label: string, server: Listening, path: string, headers: Record<string, string> = {}): Promise<Measured> {
  const url = server.origin + path;
  const base = { url, headers, workers: 1, timeout: 10 };
  await autocannon({ ...base, connections: 10, duration: WARMUP_SECONDS });
  await server.drain();
  process.stdout.write(`  measuring ${label.padEnd(34)} ${SECONDS}s x ${CONNECTIONS} connections ... `);
  const r = await autocannon({ ...base, connections: CONNECTIONS, duration: SECONDS });
  await server.drain(); // so the next target does not share the machine with this one's backlog
  const m: Measured = {
    label,
    path,
    rps: r.requests.average,
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

export interface BenchReport {
  name: string;
  seconds: number;
  connections: number;
  baseline: string;
  rows: (Measured & { rpsRatio: number; p99Ratio: number })[];
  notes: string[];
}

/** Ratios are against the baseline row (the bare Hono handler): rps share, p99 multiple. */
export function report(name: string, rows: Measured[], baseline: string, notes: string[] = []): BenchReport {
  const base = rows.find((r) => r.label === baseline);
  if (!base) throw new Error(`No baseline row "${baseline}".`);
  return {
    name,
    seconds: SECONDS,
    connections: CONNECTIONS,
    baseline,
    rows: rows.map((r) => ({ ...r, rpsRatio: r.rps / base.rps, p99Ratio: base.p99 > 0 ? r.p99 / base.p99 : NaN })),
    notes,
  };
}

export function formatTable(rep: BenchReport): string {
  const head = ['target', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'req/s vs bare', 'p99 vs bare'];
  const body = rep.rows.map((r) => [
    r.label,
    r.rps.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    String(r.non2xx),
    String(r.errors + r.timeouts),
    r.label === rep.baseline ? '1.00 (base)' : `${r.rpsRatio.toFixed(3)} (${(r.rpsRatio * 100).toFixed(1)}%)`,
    r.label === rep.baseline ? '1.00 (base)' : Number.isFinite(r.p99Ratio) ? `${r.p99Ratio.toFixed(1)}x` : 'n/a',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const title = `${rep.name}: ${rep.connections} connections, ${rep.seconds}s per target`;
  return [title, line(head), rule, ...body.map(line), ...rep.notes.map((n) => `  note: ${n}`)].join('\n');
}
