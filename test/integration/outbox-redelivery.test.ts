import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { freePort, runEntry, type Proc } from '../helpers/processes.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { until as waitUntil } from '../helpers/wait.ts';
import { startWebhookTarget } from '../helpers/webhook-target.ts';
import { paidService, webhookPackage } from '../helpers/webhook-package.ts';
import { loadConfig } from '../../src/config.ts';
import { queueMail } from '../../src/modules/mail/queue-mail.ts';
import { listFailedWork } from '../../src/modules/outbox/list-failed-work.ts';
import { JOB_ATTEMPTS, QUEUE_NAMES } from '../../src/queue/queues.ts';
import { billingEmailsOff } from '../helpers/notices.ts';

// Work recorded in the outbox is delivered once it can be, however long the fault lasted: a job
// that used up every retry is handed over again by the sweep, without a restart or a staff
// action, and still done once. And a Redis that lost everything under a running worker gets
// its repeating jobs back.

const SECRET = 'redelivery-secret';
const RETRY_MS = 1500;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let hook: Awaited<ReturnType<typeof startWebhookTarget>>;
let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
let smtpPort: number;
let redis: Redis;
let packageId: number;
let env: Record<string, string>;
const prefix = `hbredo${process.pid}${Date.now().toString(36)}`;
const workers: Proc[] = [];
const em = () => db.orm.em.fork();
const workerOutput = () => workers.map((w) => w.output().slice(-3000)).join('\n---\n');
const until = (check: () => Promise<boolean> | boolean, ms = 40_000) => waitUntil(check, ms, workerOutput);
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

const outboxRow = async (dedupeKey: string) =>
  (
    await sql<{
      id: string;
      attempt: number;
      failed_at: Date | null;
      processed_at: Date | null;
      last_error: string | null;
      gave_up: boolean;
    }>('select * from outbox where dedupe_key = ?', [dedupeKey])
  )[0]!;
/** The outbox row that sends the mail with this dedupe key. */
const mailOutboxRow = async (mailKey: string) =>
  outboxRow((await sql<{ key: string }>(`select 'send-mail:' || id as key from mail_message where dedupe_key = ?`, [mailKey]))[0]!.key);

async function startWorker(queues: string) {
  const w = runEntry('jobs/run-worker.ts', ['--queues', queues], env);
  workers.push(w);
  await w.waitFor('Worker serving');
  return w;
}

async function stop(w: Proc) {
  w.child.kill('SIGTERM');
  await w.exited;
}

beforeAll(async () => {
  db = await createTestDatabase();
  // Only the welcome email is counted here.
  await billingEmailsOff(db.orm.em.fork());
  hook = await startWebhookTarget(SECRET);
  smtpPort = await freePort();
  redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  env = {
    DATABASE_URL: db.url,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    QUEUE_PREFIX: prefix,
    JOB_BACKOFF_MS: '1',
    OUTBOX_SWEEP_MS: '300',
    OUTBOX_RETRY_MS: String(RETRY_MS),
    SCHEDULE_CHECK_MS: '500',
  };
  const appSecret = loadConfig({ ...process.env, ...env }).APP_SECRET;
  packageId = await webhookPackage(em, { url: hook.url, secret: SECRET }, appSecret);
});
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await hook.close();
  await smtp?.close();
  await db.drop();
});

describe('work whose job used up its retries', { timeout: 120_000 }, () => {
  it('mail: SMTP closed until every retry is spent, then opened: delivered exactly once, without a restart', async () => {
    await em().transactional((tx) =>
      queueMail(tx, { to: 'late@example.com', subject: 'After the outage', html: '<p>Hi</p>', text: 'Hi', dedupeKey: 'outage:late' }),
    );
    const worker = await startWorker('mail,maintenance');
    // Every one of the mail queue's retries fails against the closed port; the row records why.
    await until(async () => (await mailOutboxRow('outage:late')).failed_at !== null);
    const [mail] = await sql<{ attempts: number; status: string }>(
      `select attempts, status from mail_message where dedupe_key = 'outage:late'`,
    );
    expect(mail!.attempts).toBeGreaterThanOrEqual(JOB_ATTEMPTS.mail);
    expect(mail!.status).toBe('failed');
    // Staff see it as failed, with the reason and when it goes again.
    const failed = await listFailedWork(em(), {}, { retryMs: RETRY_MS });
    const shown = failed.items.find((w) => w.mail?.subject === 'After the outage');
    expect(shown).toMatchObject({ state: 'retrying', job: 'send-mail', mail: { to: 'late@example.com' } });
    expect(shown!.error).toMatch(/ECONNREFUSED/);
    expect(shown!.retryAt!.getTime()).toBe(shown!.failedAt.getTime() + RETRY_MS);

    smtp = await startSmtp({ port: smtpPort });
    await until(() => smtp!.received.some((m) => m.subject === 'After the outage'));
    // A few more sweeps: nothing is sent twice.
    await new Promise((r) => setTimeout(r, 3 * RETRY_MS));
    expect(smtp.received.filter((m) => m.subject === 'After the outage')).toHaveLength(1);
    const row = await mailOutboxRow('outage:late');
    expect(row.processed_at).not.toBeNull();
    expect(row.failed_at).toBeNull();
    expect(row.attempt).toBeGreaterThanOrEqual(1);
    expect((await listFailedWork(em(), {}, { retryMs: RETRY_MS })).items.find((w) => w.id === Number(row.id))).toBeUndefined();
    expect(worker.child.exitCode).toBeNull();
    await stop(worker);
  });

  it('provisioning: a webhook answering 503 through every retry, then coming back: provisioned and welcomed once', async () => {
    hook.respondWith(503);
    const { serviceId } = await paidService(em, packageId, 'back');
    const worker = await startWorker('provisioning,mail,maintenance');
    await until(async () => (await outboxRow(`provision:service:${serviceId}`)).failed_at !== null);
    const key = `service-${serviceId}-create`;
    expect(hook.callsFor(key)).toBeGreaterThanOrEqual(JOB_ATTEMPTS.provisioning);
    const [pending] = await sql<{ status: string; last_error: string }>('select status, last_error from service where id = ?', [serviceId]);
    expect(pending).toMatchObject({ status: 'pending', last_error: '(retrying) The endpoint answered 503 to create.' });

    hook.respondWith(200);
    await until(
      async () => (await sql<{ status: string }>('select status from service where id = ?', [serviceId]))[0]!.status === 'active',
    );
    await until(() => !!smtp?.received.some((m) => m.to.includes('back@example.com')));
    await new Promise((r) => setTimeout(r, 3 * RETRY_MS));
    // Every call carried the same idempotency key; the service activated once, one welcome email.
    expect(
      hook.calls.filter((call) => call.event === 'create' && call.key !== key && (call.body.service as { id: number }).id === serviceId),
    ).toEqual([]);
    expect(await sql(`select 1 from service_event where service_id = ? and to_status = 'active'`, [serviceId])).toHaveLength(1);
    expect(smtp!.received.filter((m) => m.to.includes('back@example.com'))).toHaveLength(1);
    expect((await outboxRow(`provision:service:${serviceId}`)).processed_at).not.toBeNull();
    await stop(worker);
  });
});

describe('Redis losing everything under a running worker', { timeout: 120_000 }, () => {
  it('the repeating jobs come back within their check interval, and an overdue outbox row is delivered', async () => {
    const worker = await startWorker(QUEUE_NAMES.join(','));
    const queues = QUEUE_NAMES.map((name) => new Queue(name, { connection: redis, prefix }));
    const schedulers = async () =>
      (await Promise.all(queues.map((q) => q.getJobSchedulers())))
        .flat()
        .map((s) => s.key)
        .sort();
    const expected = [
      'charge-saved-cards',
      'expire-orders',
      'invoice-reminders',
      'lifecycle-sweep',
      'prune-outbox',
      'purge-expired-sessions',
      'purge-stale-carts',
      'relay-outbox',
      'renewal-scan',
    ];
    await until(async () => (await schedulers()).join() === expected.join());
    // Everything of ours goes, as with FLUSHDB (other tests share this Redis, so only our prefix).
    const keys = await redis.keys(`${prefix}:*`);
    await redis.del(...keys);
    expect(await schedulers()).toEqual([]);
    // Work handed over long ago that Redis has now lost.
    await em().transactional((tx) =>
      queueMail(tx, { to: 'flushed@example.com', subject: 'After the flush', html: '<p>Hi</p>', text: 'Hi', dedupeKey: 'flush:1' }),
    );
    await sql(
      `update outbox set enqueued_at = now() - interval '1 hour' where dedupe_key = 'send-mail:' || (select id from mail_message where dedupe_key = 'flush:1')`,
    );

    await until(async () => (await schedulers()).join() === expected.join(), 5_000);
    await until(() => !!smtp?.received.some((m) => m.subject === 'After the flush'), 10_000);
    expect(smtp!.received.filter((m) => m.subject === 'After the flush')).toHaveLength(1);
    // The worker logs after its last scheduler is back, and its output reaches us through a pipe.
    await until(() => worker.output().includes('repeating jobs registered again'), 5_000);
    await Promise.all(queues.map((q) => q.close()));
    await stop(worker);
  });
});
