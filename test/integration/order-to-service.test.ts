import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { until } from '../helpers/wait.ts';
import { mailBodies, startSmtp } from '../helpers/smtp.ts';
import { startWebhookTarget } from '../helpers/webhook-target.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { saveVariantGroup } from '../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../src/modules/catalog/save-variant-option.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveWelcomeEmail } from '../../src/modules/catalog/save-welcome-email.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { retryProvisioning } from '../../src/modules/provisioning/retry-provisioning.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay, type Relay } from '../../src/queue/relay.ts';
import { startWorkers, type RunningWorker } from '../../jobs/worker.ts';

const SECRET = 'webhook-signing-secret';
/** The welcome emails an address got (its invoice and receipt come too). */
const welcomesTo = <M extends { to: string[]; subject: string | null }>(smtp: { received: M[] }, to: string) =>
  smtp.received.filter((m) => m.to.includes(to) && /VPS #\d+$/.test(m.subject ?? ''));

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let hook: Awaited<ReturnType<typeof startWebhookTarget>>;
let redis: Redis;
let config: Config;
let worker: RunningWorker;
let relay: Relay;
let packageId: number;
let ipGroupId: number;
let manualPackageId: number;
const prefix = `hbo2s${process.pid}${Date.now().toString(36)}`;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

async function client(name: string, language = 'en') {
  const [row] = await sql<{ id: number }>(`insert into client (email, name, language, currency) values (?, ?, ?, 'USD') returning id`, [
    `${name}@example.com`,
    name,
    language,
  ]);
  return row!.id;
}

async function buyAndPay(clientId: number, pkg: number, quantity = 1) {
  const { invoice } = await placeOrder(em(), { clientId, packageId: pkg, priceName: 'Monthly', quantity }, new Date());
  await payInvoice(em(), { invoiceId: invoice.id, gateway: 'test', reference: `pay-${invoice.id}` }, new Date());
  relay.kick();
  return invoice.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startSmtp();
  hook = await startWebhookTarget(SECRET);
  redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  config = loadConfig({ ...process.env, DATABASE_URL: db.url, SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, JOB_BACKOFF_MS: '100' });
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(em(), { code: 'en', name: 'English', isDefault: '1' });
  await saveLanguage(em(), { code: 'de', name: 'Deutsch' });
  const catalog = await createCatalog(em(), { name: 'Servers' });
  const instance = await savePluginInstance(
    em(),
    undefined,
    { plugin: 'webhook', name: 'Panel', settings: { url: hook.url, signingSecret: SECRET } },
    config.APP_SECRET,
  );
  const pkg = await createPackage(em(), { catalogId: catalog.id, name: 'VPS', allowQuantity: '1' });
  packageId = pkg.id;
  await savePrice(em(), pkg.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '12',
  });
  await setPackageProvisioning(em(), pkg.id, { pluginInstanceId: instance.id, options: { plan: 'vps-1' } });
  await saveWelcomeEmail(em(), pkg.id, {
    language: 'en',
    subject: 'Your {package.name} #{service.id}',
    html: '<p>Hi {client.name}, user {webhook.username} {nope.tag}</p>',
    text: 'Hi {client.name}, user {webhook.username}',
  });
  await saveWelcomeEmail(em(), pkg.id, {
    language: 'de',
    subject: 'Ihr {package.name} #{service.id}',
    html: '<p>Hallo {client.name}</p>',
    text: 'Hallo {client.name}',
  });
  const ips = await saveVariantGroup(em(), pkg.id, undefined, { name: 'Extra IPv4', type: 'quantity', minQuantity: 0, maxQuantity: 8 });
  ipGroupId = ips.id;
  await saveVariantOption(em(), pkg.id, ips.id, undefined, {
    name: 'IPv4 address',
    prices: [{ priceName: 'Monthly', currency: 'USD', price: '2' }],
  });
  const manual = await createPackage(em(), { catalogId: catalog.id, name: 'Manual box' });
  manualPackageId = manual.id;
  await savePrice(em(), manual.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '5',
  });
  worker = await startWorkers({ orm: db.orm, config, redis, queues: ['provisioning', 'mail'] });
  relay = createRelay(db.orm, createQueues(redis, prefix, 100));
});
afterAll(async () => {
  await worker.close();
  await relay.idle();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await smtp.close();
  await hook.close();
  await db.drop();
});

describe('a paid order becomes provisioned services and welcome emails', () => {
  it('tells the plugin the options chosen, named', async () => {
    const eve = await client('eve');
    const { invoice } = await placeOrder(
      em(),
      { clientId: eve, packageId, priceName: 'Monthly', optionQuantities: { [ipGroupId]: 3 } },
      new Date(),
    );
    await payInvoice(em(), { invoiceId: invoice.id, gateway: 'test', reference: `pay-${invoice.id}` }, new Date());
    relay.kick();
    await until(async () => (await sql(`select id from service where client_id = ? and status = 'active'`, [eve])).length === 1);
    const [s] = await sql<{ id: number }>('select id from service where client_id = ?', [eve]);
    const call = hook.calls.find((c) => c.body.event === 'create' && (c.body.service as { id: number }).id === s!.id);
    expect(call?.body.chosenOptions).toEqual([
      { group: 'Extra IPv4', type: 'quantity', option: 'IPv4 address', quantity: 3, label: 'Extra IPv4: 3 × IPv4 address' },
    ]);
  });

  it('quantity 2: two services provisioned through the signed webhook, two welcome emails in the client language', async () => {
    const ada = await client('ada');
    await buyAndPay(ada, packageId, 2);
    await until(async () => (await sql(`select id from service where client_id = ? and status = 'active'`, [ada])).length === 2);
    const services = await sql<{ id: number; plugin_data: Record<string, string> }>(
      'select id, plugin_data from service where client_id = ? order by id',
      [ada],
    );
    for (const s of services) {
      expect(hook.callsFor(`service-${s.id}-create`)).toBe(1);
      expect(s.plugin_data['webhook.username']).toBe('client42');
    }
    expect(hook.calls.every((c) => c.validSignature)).toBe(true);
    await until(() => welcomesTo(smtp, 'ada@example.com').length === 2);
    const mails = welcomesTo(smtp, 'ada@example.com');
    expect(mails.map((m) => m.subject).sort()).toEqual(services.map((s) => `Your VPS #${s.id}`).sort());
    expect(mails[0]!.raw).toContain('client42');
    expect(mailBodies(mails[0]!.raw).html).toContain('{nope.tag}');
  });

  it('writes in the client language, falling back to the default', async () => {
    const jan = await client('jan', 'de');
    await buyAndPay(jan, packageId);
    await until(() => welcomesTo(smtp, 'jan@example.com').length > 0);
    expect(welcomesTo(smtp, 'jan@example.com')[0]!.subject).toMatch(/^Ihr VPS #\d+$/);
  });

  it('a manual package (no plugin) becomes active at once, with no welcome email configured', async () => {
    const bo = await client('bo');
    await buyAndPay(bo, manualPackageId);
    await until(async () => (await sql(`select id from service where client_id = ? and status = 'active'`, [bo])).length === 1);
    const [event] = await sql<{ note: string }>(
      `select e.note from service_event e join service s on s.id = e.service_id where s.client_id = ? and e.to_status = 'active'`,
      [bo],
    );
    expect(event!.note).toBe('Active at once; staff set it up by hand.');
  });

  it('a refused webhook leaves the service pending with the error; a staff retry provisions it once', async () => {
    hook.respondWith(400);
    const cy = await client('cy');
    await buyAndPay(cy, packageId);
    await until(async () =>
      (
        (await sql<{ last_error: string | null }>('select last_error from service where client_id = ?', [cy]))[0]?.last_error ?? ''
      ).includes('refused create'),
    );
    const [svc] = await sql<{ id: number; status: string; last_error: string }>(
      'select id, status, last_error from service where client_id = ?',
      [cy],
    );
    expect(svc!.status).toBe('pending');
    expect(svc!.last_error).toBe('The endpoint refused create: 400 Bad Request.');
    hook.respondWith(200);
    await retryProvisioning(em(), svc!.id, 'staff@example.com', new Date());
    relay.kick();
    await until(async () => (await sql<{ status: string }>('select status from service where id = ?', [svc!.id]))[0]!.status === 'active');
    expect(hook.callsFor(`service-${svc!.id}-create`)).toBe(2);
    await until(() => welcomesTo(smtp, 'cy@example.com').length === 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(welcomesTo(smtp, 'cy@example.com')).toHaveLength(1);
  });

  it('a transient webhook failure is retried with backoff until it succeeds', async () => {
    hook.respondWith(503);
    const di = await client('di');
    await buyAndPay(di, packageId);
    await until(() => hook.calls.filter((c) => c.body.service && (c.body.service as { clientId: number }).clientId === di).length >= 2);
    hook.respondWith(200);
    await until(
      async () => (await sql<{ status: string }>('select status from service where client_id = ?', [di]))[0]?.status === 'active',
    );
    const [svc] = await sql<{ last_error: string | null }>('select last_error from service where client_id = ?', [di]);
    expect(svc!.last_error).toBeNull();
  });
});
