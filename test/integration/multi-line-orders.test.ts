import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { holdPackageLocks } from '../helpers/package-locks.ts';
import { createAddonGroup } from '../../src/modules/catalog/create-addon-group.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { setOfferedAddonGroups } from '../../src/modules/catalog/set-offered-addon-groups.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import { DomainError } from '../../src/modules/shared/errors.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const at = (day: string) => new Date(`${day}T12:00:00Z`);

let vps: number;
let web: number;
let backup: number;
let yearly: number;
let lastA: number;
let lastB: number;
let gone: number;

let clients = 0;
async function client(country = 'DE') {
  const [c] = await sql<{ id: number }>(`insert into client (email, name, country, currency) values (?, ?, ?, 'USD') returning id`, [
    `cart${++clients}@example.com`,
    `Cart ${clients}`,
    country,
  ]);
  return c!.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveTaxRate(em(), { country: 'DE', name: 'MwSt', rate: '19' });
  const catalog = await createCatalog(em(), { name: 'Everything' });
  const monthly = (price: string, extra: Record<string, unknown> = {}) => ({
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price,
    ...extra,
  });
  // The VPS prorates to the 1st; its add-ons ordered with it are billed the same way.
  vps = (await createPackage(em(), { catalogId: catalog.id, name: 'VPS', allowQuantity: '1', proRata: '1', proRataDay: 1 })).id;
  await savePrice(em(), vps, undefined, monthly('31.00'));
  web = (await createPackage(em(), { catalogId: catalog.id, name: 'Web Hosting', taxable: '0' })).id;
  await savePrice(em(), web, undefined, monthly('10.00'));
  backup = (await createPackage(em(), { catalogId: catalog.id, name: 'Backup', allowQuantity: '1' })).id;
  await savePrice(em(), backup, undefined, monthly('6.20', { setupFee: '1.00' }));
  yearly = (await createPackage(em(), { catalogId: catalog.id, name: 'Yearly licence' })).id;
  await savePrice(em(), yearly, undefined, {
    name: 'Yearly',
    type: 'recurring',
    intervalCount: 1,
    period: 'year',
    currency: 'USD',
    price: '50.00',
  });
  lastA = (await createPackage(em(), { catalogId: catalog.id, name: 'Last A', stock: 60 })).id;
  await savePrice(em(), lastA, undefined, monthly('1.00'));
  lastB = (await createPackage(em(), { catalogId: catalog.id, name: 'Last B', stock: 40 })).id;
  await savePrice(em(), lastB, undefined, monthly('1.00'));
  gone = (await createPackage(em(), { catalogId: catalog.id, name: 'Gone', stock: 1 })).id;
  await savePrice(em(), gone, undefined, monthly('2.00'));
  const group = await createAddonGroup(em(), { name: 'Backups', packageIds: [backup, yearly] });
  await setOfferedAddonGroups(em(), vps, { groupIds: [group.id] });
});
afterAll(() => db.drop());

describe('an order of several lines', () => {
  it('prices a VPS with a backup each and a hosting plan on one invoice, and pays into co-termed services', async () => {
    const c = await client();
    const { invoice, quote } = await placeOrder(
      em(),
      {
        clientId: c,
        lines: [
          { packageId: vps, priceName: 'Monthly', quantity: 2 },
          { packageId: backup, priceName: 'Monthly', parentLine: 0 },
          { packageId: web, priceName: 'Monthly' },
        ],
      },
      at('2026-03-11'),
    );
    // VPS: 21 of 31 days to Apr 1, × 2 = 42.00; backups the same pro rata, one per VPS: 4.20 × 2, setup 1.00 × 2;
    // hosting (not prorated, not taxable): 10.00. Tax 19% of the taxable 52.40 = 9.96.
    expect(invoice.lines.map((l) => l.amount)).toEqual(['42.0000', '8.4000', '2.0000', '10.0000']);
    // The invoice says how many units each line is for, as it is stored and printed.
    const stored = await sql<{ description: string }>('select description from invoice_line where invoice_id = ? order by id', [
      invoice.id,
    ]);
    expect(stored.map((l) => l.description)).toEqual([
      '2 × VPS (Monthly), pro rata 2026-03-11 to 2026-03-31 (21/31 days)',
      expect.stringMatching(/^2 × .*pro rata 2026-03-11 to 2026-03-31 \(21\/31 days\)$/),
      expect.stringMatching(/^2 × .*setup fee$/),
      expect.not.stringContaining('×'),
    ]);
    expect(invoice).toMatchObject({ subtotal: '62.4000', tax: '9.9600', total: '72.3600' });
    expect((quote as { total: string }).total).toBe('72.3600');
    await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `cart-${invoice.id}` }, at('2026-03-11'));
    const services = await sql<{ id: number; package_id: number; parent_id: number | null; next_due_date: string; anchor_day: number }>(
      'select id, package_id, parent_id, next_due_date::text, anchor_day from service where client_id = ? order by id',
      [c],
    );
    const vpsIds = services.filter((s) => s.package_id === vps).map((s) => s.id);
    expect(vpsIds).toHaveLength(2);
    const backups = services.filter((s) => s.package_id === backup);
    expect(backups.map((s) => s.parent_id)).toEqual(vpsIds);
    expect(backups.map((s) => [s.next_due_date, s.anchor_day])).toEqual([
      ['2026-04-01', 1],
      ['2026-04-01', 1],
    ]);
    expect(services.find((s) => s.package_id === web)).toMatchObject({ parent_id: null, next_due_date: '2026-04-11' });

    // A month later each VPS renews with its backup on one invoice (grouping on: all on the same day).
    await sql(`update service set status = 'active' where client_id = ?`, [c]);
    await runBillingNow(em(), '2026-03-25', new Date());
    const lines = await sql<{ invoice_id: number; service_id: number }>(
      `select l.invoice_id, l.service_id from invoice_line l join service s on s.id = l.service_id where s.client_id = ? and l.kind = 'renewal' order by l.id`,
      [c],
    );
    expect(lines.map((l) => l.service_id)).toEqual([vpsIds[0], backups[0]!.id, vpsIds[1], backups[1]!.id]);
    expect(new Set(lines.map((l) => l.invoice_id)).size).toBe(1);
  });

  it('refuses a bad line, naming it, and stores nothing', async () => {
    const c = await client();
    const before = await sql<{ n: number }>('select count(*)::int as n from client_order');
    const order = (lines: unknown) => placeOrder(em(), { clientId: c, lines }, at('2026-05-05'));
    const refusal = async (lines: unknown) => {
      try {
        await order(lines);
      } catch (err) {
        if (err instanceof DomainError) return err.fields;
        throw err;
      }
      throw new Error('not refused');
    };
    expect(
      await refusal([
        { packageId: vps, priceName: 'Monthly' },
        { packageId: yearly, priceName: 'Yearly', parentLine: 0 },
      ]),
    ).toEqual({ 'lines.1.priceName': 'Choose a price with the same term as the service it is added to.' });
    expect(
      await refusal([
        { packageId: web, priceName: 'Monthly' },
        { packageId: backup, priceName: 'Monthly', parentLine: 0 },
      ]),
    ).toEqual({ 'lines.1.packageId': 'That package is not offered as an add-on of Web Hosting.' });
    expect(await refusal([{ packageId: backup, priceName: 'Monthly', parentLine: 0 }])).toEqual({
      'lines.0.parentLine': 'An add-on follows the line it belongs to.',
    });
    expect(
      await refusal([
        { packageId: vps, priceName: 'Monthly' },
        { packageId: backup, priceName: 'Monthly', parentLine: 0 },
        { packageId: backup, priceName: 'Monthly', parentLine: 1 },
      ]),
    ).toEqual({ 'lines.2.parentLine': 'An add-on cannot have add-ons of its own.' });
    expect(
      await refusal([
        { packageId: vps, priceName: 'Monthly' },
        { packageId: web, priceName: 'Nope' },
      ]),
    ).toHaveProperty(['lines.1.price']);
    expect(await refusal([])).toEqual({ lines: 'Order at least one package.' });
    expect(await refusal('all of it')).toEqual({ lines: 'Give the lines as a list.' });
    expect(await refusal([{ packageId: 'x', priceName: 'Monthly' }])).toHaveProperty(['lines.0.packageId']);
    // The stock of one line running out refuses the whole order, with the line named.
    // One unit is held by the first test's service: 2 in stock leaves 1.
    await sql('update package set stock = 2 where id = ?', [web]);
    expect(
      await refusal([
        { packageId: vps, priceName: 'Monthly' },
        { packageId: web, priceName: 'Monthly', quantity: 1 },
        { packageId: web, priceName: 'Monthly', quantity: 1 },
      ]),
    ).toEqual({ 'lines.1.quantity': 'Web Hosting: Only 1 left.' });
    await sql('update package set stock = -1 where id = ?', [web]);
    const after = await sql<{ n: number }>('select count(*)::int as n from client_order');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('refuses a cart naming a sold-out package at once, before quoting its lines or waiting for a lock', async () => {
    await placeOrder(em(), { clientId: await client(), packageId: gone, priceName: 'Monthly' }, at('2026-06-01'));
    // Another checkout holds both package locks (as one under way does) until released.
    const { release, done: holding } = await holdPackageLocks(db.orm, [web, gone]);
    try {
      // Nothing left of its second line: refused at once, under that line, though its price name
      // (which only the quote checks) is not one the package has.
      const cart = async (lines: { packageId: number; priceName: string }[]) =>
        placeOrder(em(), { clientId: await client(), lines }, at('2026-06-01'));
      const refused = await cart([
        { packageId: web, priceName: 'Monthly' },
        { packageId: gone, priceName: 'Nope' },
      ]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).fields).toEqual({ 'lines.1.quantity': 'Gone: Sold out.' });
      // Units left: the cart waits for the lock, since nothing is decided before it.
      let settled = false;
      const waiting = cart([
        { packageId: vps, priceName: 'Monthly' },
        { packageId: web, priceName: 'Monthly' },
      ]).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false);
      release();
      await holding;
      expect((await waiting).order.id).toBeGreaterThan(0);
    } finally {
      release();
      await holding.catch(() => undefined);
    }
  });

  it('holds stock under 200 racing carts for the last units of two packages: no oversell, no half order', async () => {
    const ids = await Promise.all(Array.from({ length: 200 }, () => client('US')));
    const results = await Promise.allSettled(
      ids.map((c, i) =>
        placeOrder(
          em(),
          {
            clientId: c,
            // Half the carts take A then B, half B then A: lock order must not depend on the cart's.
            lines:
              i % 2
                ? [
                    { packageId: lastA, priceName: 'Monthly' },
                    { packageId: lastB, priceName: 'Monthly' },
                  ]
                : [
                    { packageId: lastB, priceName: 'Monthly' },
                    { packageId: lastA, priceName: 'Monthly' },
                  ],
          },
          at('2026-06-01'),
        ),
      ),
    );
    const placed = results.filter((r) => r.status === 'fulfilled');
    // B (40 units) runs out first: exactly 40 carts get both, the rest get nothing.
    expect(placed).toHaveLength(40);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason.message)).toMatch(/Last B: Sold out\.$/);
    const held = await sql<{ package_id: number; units: number }>(
      `select package_id, sum(quantity)::int as units from stock_reservation where status = 'live' and package_id in (?, ?) group by package_id order by package_id`,
      [lastA, lastB],
    );
    expect(held.map((h) => h.units)).toEqual([40, 40]);
    const halves = await sql<{ n: number }>(
      `select count(*)::int as n from client_order o where (select count(*) from order_line l where l.order_id = o.id and l.package_id in (?, ?)) = 1`,
      [lastA, lastB],
    );
    expect(halves[0]!.n).toBe(0);
  });
});
