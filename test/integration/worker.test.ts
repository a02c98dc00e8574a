import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { loadConfig } from '../../src/config.ts';
import { createQueue } from '../../src/queue/queues.ts';
import { JOB } from '../../src/queue/jobs.ts';
import { Session } from '../../src/modules/auth/auth.entities.ts';
import { startWorkers } from '../../jobs/worker.ts';
import { RESTARTED_ENV } from '../../jobs/v8-flags.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: Redis;
const prefix = `hbtest${process.pid}${Date.now().toString(36)}`;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await db.drop();
});

describe('worker', () => {
  it('purges expired sessions through the maintenance queue, and registers one schedule however often it boots', async () => {
    const config = loadConfig({ ...process.env, DATABASE_URL: db.url, QUEUE_PREFIX: prefix });
    const em = db.orm.em.fork();
    em.create(Session, {
      id: 'a'.repeat(64),
      principalType: 'staff',
      principalId: 1,
      csrfToken: 'x',
      expiresAt: new Date(Date.now() - 1000),
    });
    em.create(Session, {
      id: 'b'.repeat(64),
      principalType: 'staff',
      principalId: 1,
      csrfToken: 'x',
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await em.flush();

    const [first, second] = await Promise.all([
      startWorkers({ orm: db.orm, config, redis, queues: ['maintenance'] }),
      startWorkers({ orm: db.orm, config, redis, queues: ['maintenance'] }),
    ]);
    const queue = createQueue('maintenance', redis, prefix);
    const events = new QueueEvents('maintenance', { connection: redis.duplicate(), prefix });
    await events.waitUntilReady();
    try {
      expect((await queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual([
        'prune-outbox',
        'purge-expired-sessions',
        'purge-stale-carts',
        'relay-outbox',
      ]);
      // The schedule's first run comes at once and removes the expired session.
      for (let i = 0; i < 100 && (await db.orm.em.fork().count(Session, {})) > 1; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await db.orm.em.fork().find(Session, {})).map((s) => s.id)).toEqual(['b'.repeat(64)]);
      const late = db.orm.em.fork();
      late.create(Session, {
        id: 'c'.repeat(64),
        principalType: 'staff',
        principalId: 1,
        csrfToken: 'x',
        expiresAt: new Date(Date.now() - 1000),
      });
      await late.flush();
      const job = await queue.add(JOB.purgeExpiredSessions.name, {}, { jobId: 'purge-now' });
      const result = await job.waitUntilFinished(events, 20_000);
      expect(result).toEqual({ removed: 1 });
      expect((await db.orm.em.fork().find(Session, {})).map((s) => s.id)).toEqual(['b'.repeat(64)]);
      // Safe to run twice: nothing left to remove, the live session stays.
      const again = await queue.add(JOB.purgeExpiredSessions.name, {}, { jobId: 'purge-again' });
      expect(await again.waitUntilFinished(events, 20_000)).toEqual({ removed: 0 });
    } finally {
      await events.close();
      await queue.close();
      await Promise.all([first.close(), second.close()]);
    }
  });

  function runWorker(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []) {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'jobs/run-worker.ts', ...args], {
      env: { ...process.env, DATABASE_URL: db.url, QUEUE_PREFIX: prefix, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, output: () => out };
  }

  it('a worker that bills runs V8 with --optimize-for-size, in the same process; one that sends mail does not, and gets a larger young generation instead', async () => {
    const started = async (queues: string, env: Record<string, string> = {}, nodeArgs: string[] = []) => {
      const w = runWorker(['--queues', queues], env, nodeArgs);
      for (let i = 0; i < 200 && !w.output().includes('Worker serving'); i++) await new Promise((r) => setTimeout(r, 100));
      const line = w
        .output()
        .split('\n')
        .find((l) => l.includes('Worker serving'));
      w.child.kill('SIGTERM');
      expect(await w.exited).toBe(0);
      return { ...(JSON.parse(line!) as { pid: number; v8Flags: string[] }), spawned: w.child.pid };
    };
    const billing = await started('billing');
    expect(billing.v8Flags).toEqual(['--optimize-for-size']);
    expect(billing.pid).toBe(billing.spawned);
    const mail = await started('mail');
    expect(mail.v8Flags).toEqual([]);
    expect(mail.pid).toBe(mail.spawned);
    // Started as the npm script starts it, a mail worker trades the web-sized young generation for a larger one.
    const scripted = await started('mail', {}, ['--max-semi-space-size=4']);
    expect(scripted.v8Flags).toEqual(['--max-semi-space-size=16']);
    expect(scripted.pid).toBe(scripted.spawned);
    // A process that is itself the restart never restarts again, whatever its flags say.
    const restarted = await started('billing', { [RESTARTED_ENV]: '1' });
    expect(restarted.v8Flags).toEqual([]);
    // NOTE: four workers started and stopped one after the other, each compiling at start: on a
    // busy machine that alone took past the default 30 s.
  }, 120_000);

  it('refuses an unknown queue name with one sentence', async () => {
    const w = runWorker(['--queues', 'maintenance,nope']);
    expect(await w.exited).toBe(1);
    expect(w.output().trim()).toBe('Unknown queue: nope. Known queues: provisioning, mail, inventory, billing, maintenance.');
  });

  it('serves only the chosen queues, answers health probes, and stops cleanly on SIGTERM', async () => {
    const port = 40_000 + (process.pid % 10_000);
    const w = runWorker(['--queues', 'maintenance', '--health-port', String(port)]);
    for (let i = 0; i < 200 && !w.output().includes('Worker serving'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(w.output()).toContain('Worker serving: maintenance');
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', redis: 'ok' },
    });
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(w.output()).toContain('Stopping: finishing jobs in hand');
  });
});
