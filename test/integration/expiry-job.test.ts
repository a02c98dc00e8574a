import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { loadConfig } from '../../src/config.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveBillingSettings } from '../../src/modules/settings/billing-settings.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { countHeld } from '../../src/modules/inventory/count-held.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay } from '../../src/queue/relay.ts';
import { startWorkers, type RunningWorker } from '../../jobs/worker.ts';

// The reservation's own delayed job, run by a real inventory worker.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: Redis;
let worker: RunningWorker;
const prefix = `hbexp${process.pid}${Date.now().toString(36)}`;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

beforeAll(async () => {
  db = await createTestDatabase();
  redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveBillingSettings(em(), { reservationMinutes: 1 });
  const config = loadConfig({ ...process.env, DATABASE_URL: db.url, QUEUE_PREFIX: prefix });
  worker = await startWorkers({ orm: db.orm, config, redis, queues: ['inventory'] });
});
afterAll(async () => {
  await worker.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await db.drop();
});

describe('reservation expiry job', () => {
  it('cancels an unpaid order when its reservation time is up, and its unit returns', async () => {
    const catalog = await createCatalog(em(), { name: 'C' });
    const pkg = await createPackage(em(), { catalogId: catalog.id, name: 'Last one', stock: 1 });
    await savePrice(em(), pkg.id, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '3',
    });
    const [c] = await sql<{ id: number }>(`insert into client (email, name) values ('late@example.com', 'Late') returning id`);
    // Ordered 61 seconds ago with a 1-minute hold: the delayed job is due now.
    const { order } = await placeOrder(em(), { clientId: c!.id, packageId: pkg.id, priceName: 'Monthly' }, new Date(Date.now() - 61_000));
    const [job] = await sql<{ run_at: Date }>(`select run_at from outbox where dedupe_key = ?`, [`expire-order:${order.id}`]);
    expect(new Date(job!.run_at).getTime()).toBe(order.expiresAt.getTime());
    const relay = createRelay(db.orm, createQueues(redis, prefix));
    relay.kick();
    await relay.idle();
    for (let i = 0; i < 100; i++) {
      const [row] = await sql<{ status: string }>('select status from client_order where id = ?', [order.id]);
      if (row!.status === 'cancelled') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const [row] = await sql<{ status: string; cancel_reason: string }>('select status, cancel_reason from client_order where id = ?', [
      order.id,
    ]);
    expect(row).toEqual({ status: 'cancelled', cancel_reason: 'Not paid in time: the reserved units were released.' });
    expect(await countHeld(em(), pkg.id, new Date())).toBe(0);
    const [outbox] = await sql<{ processed_at: Date | null }>(`select processed_at from outbox where dedupe_key = ?`, [
      `expire-order:${order.id}`,
    ]);
    expect(outbox!.processed_at).not.toBeNull();
  });
});
