import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { until as waitUntil } from '../helpers/wait.ts';
import { runEntry, type Proc } from '../helpers/processes.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startWebhookTarget } from '../helpers/webhook-target.ts';
import { paidService, webhookPackage } from '../helpers/webhook-package.ts';
import { loadConfig } from '../../src/config.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay } from '../../src/queue/relay.ts';
import { billingEmailsOff } from '../helpers/notices.ts';

// What happens when parts fail: a worker killed mid-provisioning, Redis losing its jobs.

const SECRET = 'fault-secret';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let hook: Awaited<ReturnType<typeof startWebhookTarget>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let redis: Redis;
let packageId: number;
let env: Record<string, string>;
const prefix = `hbfault${process.pid}${Date.now().toString(36)}`;
const workers: Proc[] = [];
const em = () => db.orm.em.fork();
const until = (check: () => Promise<boolean> | boolean, ms = 30_000) => waitUntil(check, ms);
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

function startWorker() {
  const w = runEntry('jobs/run-worker.ts', ['--queues', 'provisioning,mail'], env);
  workers.push(w);
  return w;
}

beforeAll(async () => {
  db = await createTestDatabase();
  // Only the welcome email is counted here.
  await billingEmailsOff(db.orm.em.fork());
  hook = await startWebhookTarget(SECRET);
  smtp = await startSmtp();
  redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  env = { DATABASE_URL: db.url, SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, JOB_BACKOFF_MS: '200', WORKER_LOCK_MS: '1500' };
  const appSecret = loadConfig({ ...process.env, ...env }).APP_SECRET;
  packageId = await webhookPackage(em, { url: hook.url, secret: SECRET }, appSecret);
});
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await hook.close();
  await smtp.close();
  await db.drop();
});

describe('faults', () => {
  it('a worker killed (SIGKILL) mid-provisioning: after a restart the service is provisioned exactly once', async () => {
    hook.hang(4000);
    const first = startWorker();
    await first.waitFor('Worker serving');
    const { serviceId, email } = await paidService(em, packageId, 'kill');
    const relay = createRelay(db.orm, createQueues(redis, prefix, 200));
    relay.kick();
    await relay.idle();
    const key = `service-${serviceId}-create`;
    await until(() => hook.callsFor(key) === 1);
    first.child.kill('SIGKILL');
    await first.exited;
    hook.hang(0);
    const second = startWorker();
    await second.waitFor('Worker serving');
    await until(
      async () => (await sql<{ status: string }>('select status from service where id = ?', [serviceId]))[0]!.status === 'active',
    );
    // The remote side saw the same idempotency key each time; the service activated once.
    expect(
      hook.calls.filter((c) => c.key !== null && c.key !== key && (c.body.service as { id: number } | undefined)?.id === serviceId),
    ).toHaveLength(0);
    expect(hook.callsFor(key)).toBeGreaterThanOrEqual(2);
    const events = await sql<{ to_status: string }>(`select to_status from service_event where service_id = ? and to_status = 'active'`, [
      serviceId,
    ]);
    expect(events).toHaveLength(1);
    await until(() => smtp.received.some((m) => m.to.includes(email)));
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.filter((m) => m.to.includes(email))).toHaveLength(1);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('Redis flushed after checkout: the outbox sweep re-enqueues and the service is still provisioned', async () => {
    const { serviceId, email } = await paidService(em, packageId, 'flush');
    const relay = createRelay(db.orm, createQueues(redis, prefix, 200));
    relay.kick();
    await relay.idle();
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    const worker = startWorker();
    await worker.waitFor('Worker serving');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await sql<{ status: string }>('select status from service where id = ?', [serviceId]))[0]!.status).toBe('pending');
    // The sweep runs every 15 s on a maintenance worker; here it is run as if 6 minutes later.
    expect(await relay.sweep(new Date(Date.now() + 6 * 60_000))).toBeGreaterThanOrEqual(1);
    await until(
      async () => (await sql<{ status: string }>('select status from service where id = ?', [serviceId]))[0]!.status === 'active',
    );
    await until(() => smtp.received.some((m) => m.to.includes(email)));
    expect(hook.callsFor(`service-${serviceId}-create`)).toBe(1);
    worker.child.kill('SIGTERM');
    await worker.exited;
  });
});
