// Real processes for the benchmarks that measure what production runs: the compiled web and
// worker entry points, with their resident memory read from /proc.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { sleep } from './support.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `npm run build`: the compiled dist/ production runs. */
export function buildDist() {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
}

/** The node arguments of an npm script (`npm run web`), so a bench runs what production runs. */
export async function scriptArgs(name: string): Promise<string[]> {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [node, ...args] = pkg.scripts[name]!.split(/\s+/);
  if (node !== 'node') throw new Error(`npm run ${name} does not start with node.`);
  return args;
}

export interface Spawned {
  child: ChildProcess;
  output: () => string;
  /** Resident set size now, in MB. */
  rssMb: () => Promise<number>;
  stop: () => Promise<void>;
}

/** Runs `node <args>` and resolves once its output matches `ready` (a port, if captured). */
export async function spawnNode(args: string[], env: Record<string, string>, ready: RegExp): Promise<Spawned & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let waiting = true;
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    // NOTE: a process under load logs a line per request; past the ready line only the last
    // 64 KB are kept (for an error message), so reading its output costs this process little.
    const seen = (d: Buffer) => {
      out += d.toString();
      if (!waiting) {
        if (out.length > 128 * 1024) out = out.slice(-64 * 1024);
        return;
      }
      const m = ready.exec(out);
      if (m) {
        waiting = false;
        resolve(m);
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${out}`)));
    setTimeout(() => reject(new Error(`${args.join(' ')} not ready after 60s:\n${out}`)), 60_000).unref();
  });
  return {
    child,
    match,
    output: () => out,
    rssMb: () => rssMb(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

/** RSS once the process has been idle for a moment (startup garbage collected or not, as it is). */
export async function idleRssMb(p: Spawned, settleMs = 3000): Promise<number> {
  await sleep(settleMs);
  return p.rssMb();
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The environment of a production web or worker process on `databaseUrl` (no mail server). */
export async function productionEnv(databaseUrl: string, name: string): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bench-${name}-${process.pid}`,
    APP_SECRET: `bench-${name}-secret-0123456789abcdefghijklmnopqrstuvwxyz`,
    PUBLIC_URL: 'http://127.0.0.1',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    SMTP_URL: 'smtp://127.0.0.1:1',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    // BENCH_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the processes under load.
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
  };
}

/** The compiled web process (`npm run web`) and its origin, once it listens. */
export async function spawnWeb(env: Record<string, string>): Promise<Spawned & { origin: string }> {
  const web = await spawnNode(await scriptArgs('web'), env, /Web listening on http:\/\/[^:]+:(\d+)/);
  return { ...web, origin: `http://127.0.0.1:${web.match[1]}` };
}

/** A server in another process as a target of measure(): its requests end with autocannon's. */
export function target(origin: string) {
  return { origin, drain: () => Promise.resolve() };
}
