import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { startWebProcesses, type WebProcess } from '../helpers/processes.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { createApiToken } from '../../src/modules/staff/create-api-token.ts';
import { countHeld } from '../../src/modules/inventory/count-held.ts';

// Checkouts through real HTTP against two web processes sharing one database: the locks
// that hold stock and limits must work across processes, not just inside one.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let webs: WebProcess[] = [];
let stopWebs: () => Promise<void>;
let token: string;
let catalogId: number;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

async function product(name: string, fields: Record<string, unknown>) {
  const pkg = await createPackage(em(), { catalogId, name, ...fields });
  await savePrice(em(), pkg.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '9.99',
  });
  return pkg.id;
}

async function clients(n: number, tag: string) {
  const rows = await sql<{ id: number }>(
    `insert into client (email, name, currency) select '${tag}' || g || '@example.com', 'Buyer ' || g, 'USD' from generate_series(1, ?) g returning id`,
    [n],
  );
  return rows.map((r) => r.id);
}

function order(i: number, body: Record<string, unknown>) {
  const { base } = webs[i % webs.length]!;
  return fetch(`${base}/api/v1/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { message: string } } }));
}

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  catalogId = (await createCatalog(em(), { name: 'Rush' })).id;
  await createStaff(em(), { email: 'api@example.com', password: 'correct horse battery', name: 'API', role: 'admin' });
  token = await createApiToken(em(), 'api@example.com');
  ({ webs, stop: stopWebs } = await startWebProcesses(2, { DATABASE_URL: db.url }));
});
afterAll(async () => {
  await stopWebs();
  await db.drop();
});

describe('checkout through HTTP from two app processes', () => {
  it('200 parallel checkouts for a package with stock 50 hold exactly 50 units', async () => {
    const pkg = await product('Stock 50', { stock: 50 });
    const buyers = await clients(200, 'rush');
    const results = await Promise.all(buyers.map((clientId, i) => order(i, { clientId, packageId: pkg, priceName: 'Monthly' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(50);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(150);
    expect(refused.every((r) => r.status === 422 && /^(Sold out\.|Only \d+ left\.)$/.test(r.body.error!.message))).toBe(true);
    expect(await countHeld(em(), pkg, new Date())).toBe(50);
    const [{ orders } = { orders: -1 }] = await sql<{ orders: number }>(
      'select count(*)::int as orders from client_order o join order_line l on l.order_id = o.id where l.package_id = ?',
      [pkg],
    );
    expect(orders).toBe(50);
  });

  it('a client racing 20 orders against a per-user limit of 1 gets exactly 1', async () => {
    const pkg = await product('One each', { perUserLimit: 1 });
    const [racer] = await clients(1, 'racer');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => order(i, { clientId: racer, packageId: pkg, priceName: 'Monthly' })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.error!.message === 'You already have the maximum of 1.')).toBe(true);
  });
});
