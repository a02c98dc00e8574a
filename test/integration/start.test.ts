import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { adminQuery, TEST_PG } from '../helpers/db.ts';

// The quickstart's `npm start` on an empty server: builds the JavaScript production runs, then
// (from dist/) creates the database, migrates, seeds and serves.
const dbName = `hostbill_t_${process.pid}_start${Date.now().toString(36)}`;
const prefix = `hbstart${process.pid}`;
// Stopped here too: a test that times out never reaches its own `finally`, and a child left
// running would keep serving and writing to Redis after the run.
let running: ReturnType<typeof spawn> | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

afterAll(async () => {
  if (running && running.exitCode === null && running.signalCode === null) {
    const gone = new Promise((resolve) => running!.once('exit', resolve));
    running.kill('SIGKILL');
    await gone;
  }
  await adminQuery(`drop database if exists ${dbName} with (force)`);
});

describe('npm start', () => {
  // The build alone (tsc over the tree) takes tens of seconds on a busy machine.
  it(
    'builds, then creates, migrates and seeds the database and serves the admin and health checks, from compiled JavaScript',
    { timeout: 180_000 },
    async () => {
      const port = await freePort();
      // `npm start` is this build, then this process (spawned directly so it is one pid to stop).
      execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'pipe' });
      const child = (running = spawn(process.execPath, ['dist/jobs/start.js'], {
        env: { ...process.env, DATABASE_URL: `${TEST_PG}/${dbName}`, PORT: String(port), HOST: '127.0.0.1', QUEUE_PREFIX: prefix },
        stdio: ['ignore', 'pipe', 'pipe'],
      }));
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      try {
        for (let i = 0; i < 1200 && !out.includes('Web listening'); i++) await new Promise((r) => setTimeout(r, 100));
        expect(out).toContain('Demo data added. Sign in as owner@example.com / demo-owner-password');
        const base = `http://127.0.0.1:${port}`;
        expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
        expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
        const signIn = await fetch(`${base}/admin/sign-in`);
        expect(signIn.status).toBe(200);
        expect(await signIn.text()).toContain('<label for="f-email">Email</label>');
        const res = await fetch(`${base}/admin/sign-in`, {
          method: 'POST',
          redirect: 'manual',
          headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'email=owner%40example.com&password=demo-owner-password',
        });
        expect(res.status).toBe(303);
        const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
        const list = await (await fetch(`${base}/admin/packages`, { headers: { cookie } })).text();
        expect(list).toContain('Dedicated E-2388G');
      } finally {
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    },
  );
});
