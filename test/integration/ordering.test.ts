import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { holdPackageLocks } from '../helpers/package-locks.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { cancelOrder } from '../../src/modules/checkout/cancel-order.ts';
import { expireOrders } from '../../src/modules/checkout/expire-orders.ts';
import { countHeld } from '../../src/modules/inventory/count-held.ts';
import { DomainError } from '../../src/modules/shared/errors.ts';
import { expectTakesTurns } from '../helpers/turns.ts';
import { turnsOf } from '../../src/db/turns.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let catalogId: number;
const NOW = new Date('2026-03-10T12:00:00Z');
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

async function client(name: string) {
  const [row] = await sql<{ id: number }>(`insert into client (email, name, country, currency) values (?, ?, 'US', 'USD') returning id`, [
    `${name}-${Math.random().toString(36).slice(2)}@example.com`,
    name,
  ]);
  return row!.id;
}

async function product(name: string, fields: Record<string, unknown>, price = '10.00') {
  const pkg = await createPackage(em(), { catalogId, name, ...fields });
  await savePrice(em(), pkg.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price,
  });
  return pkg.id;
}

const order = (clientId: number, packageId: number, quantity = 1, now = NOW) =>
  placeOrder(em(), { clientId, packageId, priceName: 'Monthly', quantity }, now);

async function settle<T>(jobs: Promise<T>[]) {
  const results = await Promise.allSettled(jobs);
  const ok = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<T>).value);
  const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason as Error);
  return { ok, refused };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  catalogId = (await createCatalog(em(), { name: 'Servers' })).id;
});
afterAll(() => db.drop());

describe('checkout holds stock and limits under concurrency', () => {
  it('200 parallel checkouts for a package with stock 50 hold exactly 50 units', async () => {
    const pkg = await product('Limited', { stock: 50 });
    const buyers = await Promise.all(Array.from({ length: 200 }, (_, i) => client(`buyer${i}`)));
    const { ok, refused } = await settle(buyers.map((b) => order(b, pkg)));
    expect(ok).toHaveLength(50);
    expect(refused).toHaveLength(150);
    expect(refused.every((e) => e instanceof DomainError && /Sold out|Only \d+ left/.test(e.message))).toBe(true);
    expect(await countHeld(em(), pkg, NOW)).toBe(50);
    const [{ n } = { n: -1 }] = await sql<{ n: number }>(
      `select coalesce(sum(quantity), 0)::int as n from stock_reservation where package_id = ? and status = 'live'`,
      [pkg],
    );
    expect(n).toBe(50);
  });

  it('checkouts take turns: half the pool at once, the rest wait before their first read', async () => {
    const pkg = await product('Queue', { stock: 1 });
    const buyers = await Promise.all(Array.from({ length: 30 }, (_, i) => client(`queue${i}`)));
    const turns = turnsOf(em(), 'checkout');
    expect(turns.size).toBe(Math.ceil((db.orm.config.get('pool').max ?? 10) / 2));
    const { ok, refused } = await expectTakesTurns(turns, () => settle(buyers.map((b) => order(b, pkg))));
    expect([ok.length, refused.length]).toEqual([1, 29]);
  });

  it('refuses a sold-out package without waiting for its lock, and still waits for it while units are left', async () => {
    const soldOut = await product('Flash sale', { stock: 1 });
    const left = await product('Flash sale, more', { stock: 2 });
    await order(await client('first'), soldOut);
    await order(await client('second'), left);
    // Another checkout holds both package locks (as one under way does) until released.
    const { release, done: holding } = await holdPackageLocks(db.orm, [soldOut, left]);
    try {
      // Sold out: answered at once, the lock still held.
      await expect(order(await client('late'), soldOut)).rejects.toThrow('Sold out.');
      // A unit left: the order waits for the lock, since nothing is decided before it.
      let settled = false;
      const waiting = order(await client('waits'), left).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false);
      release();
      await holding;
      await waiting;
      expect([await countHeld(em(), soldOut, NOW), await countHeld(em(), left, NOW)]).toEqual([1, 2]);
    } finally {
      release();
      await holding.catch(() => undefined);
    }
  });

  it('a client racing 20 orders against a per-user limit of 1 gets exactly 1', async () => {
    const pkg = await product('One each', { perUserLimit: 1 });
    const racer = await client('racer');
    const { ok, refused } = await settle(Array.from({ length: 20 }, () => order(racer, pkg)));
    expect(ok).toHaveLength(1);
    expect(refused.every((e) => e.message === 'You already have the maximum of 1.')).toBe(true);
    expect(await countHeld(em(), pkg, NOW, racer)).toBe(1);
  });

  it('quantity counts against stock and limits, and a clear sentence says how many are left', async () => {
    const pkg = await product('Rack units', { stock: 5, perUserLimit: 4, allowQuantity: '1' });
    const a = await client('a');
    await order(a, pkg, 3);
    await expect(order(a, pkg, 2)).rejects.toThrow('You can order 1 more at most (the limit is 4).');
    const b = await client('b');
    await expect(order(b, pkg, 3)).rejects.toThrow('Only 2 left.');
    await order(b, pkg, 2);
    await expect(order(await client('c'), pkg, 1)).rejects.toThrow('Sold out.');
  });

  it('an expired reservation returns its units, and its order can no longer be paid', async () => {
    const pkg = await product('Short hold', { stock: 1 });
    const slow = await client('slow');
    const { order: o, invoice } = await order(slow, pkg);
    await expect(order(await client('waiting'), pkg)).rejects.toThrow('Sold out.');
    const later = new Date(NOW.getTime() + 31 * 60_000);
    expect(await expireOrders(em(), later)).toBeGreaterThanOrEqual(1);
    expect(await countHeld(em(), pkg, later)).toBe(0);
    await expect(payInvoice(em(), { invoiceId: invoice.id, gateway: 'test', reference: 'late' }, later)).rejects.toThrow(
      'This invoice was cancelled',
    );
    const [row] = await sql<{ status: string }>('select status from client_order where id = ?', [o.id]);
    expect(row!.status).toBe('cancelled');
    await order(await client('next'), pkg, 1, later);
  });
});

describe('payment', () => {
  it('a double payment creates one set of services', async () => {
    const pkg = await product('Double pay', { allowQuantity: '1' });
    const { invoice } = await order(await client('payer'), pkg, 2);
    const results = await Promise.all([
      payInvoice(em(), { invoiceId: invoice.id, gateway: 'test', reference: 'tx-1' }, NOW),
      payInvoice(em(), { invoiceId: invoice.id, gateway: 'test', reference: 'tx-1' }, NOW),
      payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: 'bank-77' }, NOW),
    ]);
    expect(results.filter((r) => r === 'paid')).toHaveLength(1);
    const services = await sql<{ status: string }>('select status from service where package_id = ?', [pkg]);
    expect(services).toHaveLength(2);
    expect(services.every((s) => s.status === 'pending')).toBe(true);
    const [{ n } = { n: -1 }] = await sql<{ n: number }>('select count(*)::int as n from payment where invoice_id = ?', [invoice.id]);
    expect(n).toBe(1);
    const outbox = await sql<{ dedupe_key: string }>(
      `select dedupe_key from outbox where job = 'provision-service' and payload->>'serviceId' in (select id::text from service where package_id = ?)`,
      [pkg],
    );
    expect(outbox).toHaveLength(2);
  });

  it('a payment racing a cancellation: exactly one of them wins', async () => {
    for (let i = 0; i < 10; i++) {
      const pkg = await product(`Race ${i}`, { stock: 1 });
      const { order: o, invoice } = await order(await client(`race${i}`), pkg);
      const [paid, cancelled] = await Promise.allSettled([
        payInvoice(em(), { invoiceId: invoice.id, gateway: 'test', reference: `race-${i}` }, NOW),
        cancelOrder(em(), o.id, 'client cancelled', NOW),
      ]);
      const [row] = await sql<{ status: string }>('select status from client_order where id = ?', [o.id]);
      const services = await sql('select id from service where package_id = ?', [pkg]);
      if (row!.status === 'paid') {
        expect(paid.status).toBe('fulfilled');
        expect(cancelled).toMatchObject({ status: 'fulfilled', value: 'paid' });
        expect(services).toHaveLength(1);
      } else {
        expect(row!.status).toBe('cancelled');
        expect(paid.status).toBe('rejected');
        expect(services).toHaveLength(0);
      }
      expect(await countHeld(em(), pkg, NOW)).toBe(row!.status === 'paid' ? 1 : 0);
    }
  });

  it('a zero total is paid at once and its services created', async () => {
    const pkg = await createPackage(em(), { catalogId, name: 'Free tier' });
    await savePrice(em(), pkg.id, undefined, { name: 'Free', type: 'free', currency: 'USD', price: '0' });
    const { invoice } = await placeOrder(em(), { clientId: await client('free'), packageId: pkg.id, priceName: 'Free' }, NOW);
    const [row] = await sql<{ status: string }>('select status from invoice where id = ?', [invoice.id]);
    expect(row!.status).toBe('paid');
    expect(await sql('select id from service where package_id = ?', [pkg.id])).toHaveLength(1);
  });

  it('refuses inactive packages, and restricted ones unless the client is allowed', async () => {
    const closed = await product('Closed', { status: 'inactive' });
    await expect(order(await client('x'), closed)).rejects.toThrow('This package is no longer available to order.');
    const partner = await product('Partner', { status: 'restricted' });
    const outsider = await client('outsider');
    await expect(order(outsider, partner)).rejects.toThrow('This package is not available to your account.');
    const insider = await client('insider');
    await sql('insert into client_allowed_package (client_id, package_id) values (?, ?)', [insider, partner]);
    await expect(order(insider, partner)).resolves.toBeTruthy();
  });
});
