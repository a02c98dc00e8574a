// The overdue lifecycle end to end: the sweep and the payment write the database and the outbox,
// the relay hands the plugin calls to BullMQ, and a real provisioning worker makes them against a
// webhook endpoint. Racing sweeps and jobs delivered twice still reach the remote side once each.
import { Redis } from 'ioredis';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { startWebhookTarget } from '../helpers/webhook-target.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { runLifecycleSweep } from '../../src/modules/services/run-lifecycle-sweep.ts';
import { createQueues, type QueueName } from '../../src/queue/queues.ts';
import { JOB } from '../../src/queue/jobs.ts';
import { createRelay, type Relay } from '../../src/queue/relay.ts';
import type { Queue } from 'bullmq';
import { startWorkers, type RunningWorker } from '../../jobs/worker.ts';

const SECRET = 'worker-hook-secret';
const prefix = `hblc${process.pid}${Date.now().toString(36)}`;
/** An invoice's due date: overdue suspensions are keyed by it. */
const invoiceDue = async (invoiceId: number) =>
  (await db.orm.em.getConnection().execute<{ d: string }[]>('select due_date::text as d from invoice where id = ?', [invoiceId]))[0]!.d;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: Redis;
let hook: Awaited<ReturnType<typeof startWebhookTarget>>;
let config: Config;
let worker: RunningWorker;
let queues: Record<QueueName, Queue>;
let relay: Relay;
let events: QueueEvents;
let packageId: number;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const at = (day: string) => new Date(`${day}T09:00:00Z`);
const sweep3 = (day: string) => Promise.all([1, 2, 3].map(() => runLifecycleSweep(em(), day, at(day))));

/** Relays the outbox (as the web process and the maintenance sweep do) and waits until the worker has settled `key`. */
async function settled(key: string) {
  await relay.sweep();
  for (let i = 0; i < 200; i++) {
    const [row] = await sql<{ done: boolean }>('select processed_at is not null as done from outbox where dedupe_key = ?', [key]);
    if (row?.done) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${key} was not processed`);
}

/** The same job delivered again (a stalled job handed to another worker): what did it do? */
async function deliverAgain(key: string) {
  const [row] = await sql<{ payload: Record<string, unknown> }>('select payload from outbox where dedupe_key = ?', [key]);
  const job = await queues.provisioning.add(JOB.serviceAction.name, row!.payload, { jobId: `again-${key.replaceAll(':', '-')}` });
  return ((await job.waitUntilFinished(events, 20_000)) as { result: string }).result;
}

const remote = (serviceId: number) => hook.calls.filter((c) => (c.body.service as { id?: number } | undefined)?.id === serviceId);

beforeAll(async () => {
  db = await createTestDatabase();
  redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  hook = await startWebhookTarget(SECRET);
  config = loadConfig({ ...process.env, DATABASE_URL: db.url, QUEUE_PREFIX: prefix, JOB_BACKOFF_MS: '50' });
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  const catalog = await createCatalog(em(), { name: 'Servers' });
  const instance = await savePluginInstance(
    em(),
    undefined,
    { plugin: 'webhook', name: 'Panel', settings: { url: hook.url, signingSecret: SECRET } },
    config.APP_SECRET,
  );
  packageId = (await createPackage(em(), { catalogId: catalog.id, name: 'Box' })).id;
  await savePrice(em(), packageId, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '20',
  });
  await setPackageProvisioning(em(), packageId, { pluginInstanceId: instance.id, options: { plan: 'box' } });
  worker = await startWorkers({ orm: db.orm, config, redis, queues: ['provisioning'] });
  queues = createQueues(redis, prefix, 50);
  relay = createRelay(db.orm, queues);
  events = new QueueEvents('provisioning', { connection: redis.duplicate(), prefix });
  await events.waitUntilReady();
});
afterAll(async () => {
  await worker?.close();
  await events?.close();
  await relay?.idle();
  await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await hook.close();
  await db.drop();
});

describe('the overdue lifecycle through a provisioning worker', () => {
  it('suspends, unsuspends after payment, then terminates: the remote side hears each once', async () => {
    const [c] = await sql<{ id: number }>(
      `insert into client (email, name, currency) values ('pat@example.com', 'Pat', 'USD') returning id`,
    );
    const { invoice } = await placeOrder(em(), { clientId: c!.id, packageId, priceName: 'Monthly' }, at('2026-05-10'));
    await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `order-${invoice.id}` }, at('2026-05-10'));
    const [s] = await sql<{ id: number }>('select id from service where client_id = ?', [c!.id]);
    const id = s!.id;
    await settled(`provision:service:${id}`);
    expect((await sql<{ status: string }>('select status from service where id = ?', [id]))[0]!.status).toBe('active');

    // Default settings: suspended 3 days past due, terminated 14 days past due.
    await runBillingNow(em(), '2026-06-03', at('2026-06-03'));
    const [first] = await sql<{ id: number }>(`select invoice_id as id from invoice_line where service_id = ? and kind = 'renewal'`, [id]);
    await sweep3('2026-06-12');
    expect(remote(id).map((r) => r.event)).toEqual(['create']);
    await sweep3('2026-06-13');
    const suspend = `service-action:${id}:suspend:due-${await invoiceDue(first!.id)}`;
    await settled(suspend);
    expect(await deliverAgain(suspend)).toBe('already-done');
    expect(hook.callsFor(suspend)).toBe(1);

    await payInvoice(em(), { invoiceId: first!.id, gateway: 'manual', reference: `late-${first!.id}` }, at('2026-06-14'));
    const unsuspend = `service-action:${id}:unsuspend:${first!.id}`;
    await settled(unsuspend);
    expect(await deliverAgain(unsuspend)).toBe('already-done');
    expect(hook.callsFor(unsuspend)).toBe(1);
    expect((await sql<{ status: string }>('select status from service where id = ?', [id]))[0]!.status).toBe('active');

    await runBillingNow(em(), '2026-07-03', at('2026-07-03'));
    await sweep3('2026-07-24');
    const terminate = `service-action:${id}:terminate`;
    await settled(terminate);
    expect(await deliverAgain(terminate)).toBe('already-done');
    expect(hook.callsFor(terminate)).toBe(1);

    expect(remote(id).map((r) => [r.event, r.validSignature])).toEqual([
      ['create', true],
      ['suspend', true],
      ['unsuspend', true],
      ['terminate', true],
    ]);
    const [svc] = await sql<{ status: string }>('select status from service where id = ?', [id]);
    expect(svc!.status).toBe('terminated');
    const invoices = await sql<{ status: string }>(
      `select i.status from invoice i join invoice_line l on l.invoice_id = i.id where l.service_id = ? and l.kind = 'renewal' order by i.id`,
      [id],
    );
    expect(invoices.map((i) => i.status)).toEqual(['paid', 'void']);
  });
});
