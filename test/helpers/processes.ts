import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  waitFor: (text: string, ms?: number) => Promise<void>;
}

/** Runs one of the app's entry points (web, worker) as a real process with the given env. */
export function runEntry(entry: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    async waitFor(text, ms = 60_000) {
      const end = Date.now() + ms;
      while (!out.includes(text)) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`"${text}" not seen; output:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

export interface WebProcess {
  proc: Proc;
  base: string;
}

/** `n` web processes on one database (Redis unreachable unless given), listening on free ports. */
export async function startWebProcesses(
  n: number,
  env: Record<string, string>,
): Promise<{ webs: WebProcess[]; stop: () => Promise<void> }> {
  const webs: WebProcess[] = [];
  for (let i = 0; i < n; i++) {
    const port = await freePort();
    webs.push({
      proc: runEntry('src/cli.ts', ['web'], { REDIS_URL: 'redis://127.0.0.1:1', PORT: String(port), HOST: '127.0.0.1', ...env }),
      base: `http://127.0.0.1:${port}`,
    });
  }
  await Promise.all(webs.map((w) => w.proc.waitFor('Web listening')));
  return {
    webs,
    async stop() {
      for (const w of webs) w.proc.child.kill('SIGTERM');
      await Promise.all(webs.map((w) => w.proc.exited));
    },
  };
}
