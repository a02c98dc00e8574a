import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createAddonGroup } from '../../src/modules/catalog/create-addon-group.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { setOfferedAddonGroups } from '../../src/modules/catalog/set-offered-addon-groups.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
import { setScalingTargets } from '../../src/modules/catalog/set-scaling-targets.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { previewServiceChange } from '../../src/modules/scaling/preview-service-change.ts';
import { addServiceForClient } from '../../src/modules/services/add-service-for-client.ts';
import { Conflict, DomainError } from '../../src/modules/shared/errors.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const at = (day: string) => new Date(`${day}T12:00:00Z`);
const SECRET = 'staff-add-test-secret-0123456789abcdefghijk';
const STAFF = { actor: 'staff:owner@example.com' };

let vps: number;
let big: number;
let backup: number;
let scarce: number;
let hidden: number;
let free: number;

let clients = 0;
async function client() {
  const [c] = await sql<{ id: number }>(`insert into client (email, name, country, currency) values (?, ?, 'US', 'USD') returning id`, [
    `staffadd${++clients}@example.com`,
    `Client ${clients}`,
  ]);
  return c!.id;
}

const service = async (id: number) =>
  (
    await sql<{
      status: string;
      parent_id: number | null;
      next_due_date: string | null;
      anchor_day: number | null;
      plugin_data: Record<string, string>;
      price_snapshot: Record<string, unknown>;
      provisioned_at: Date | null;
    }>('select status, parent_id, next_due_date::text, anchor_day, plugin_data, price_snapshot, provisioned_at from service where id = ?', [
      id,
    ])
  )[0]!;
const outboxCount = async (key: string) =>
  (await sql<{ n: number }>('select count(*)::int as n from outbox where dedupe_key = ?', [key]))[0]!.n;
const renewalLines = (ids: number[]) =>
  sql<{ service_id: number; period_start: string; period_end: string; amount: string; description: string }>(
    `select service_id, period_start::text, period_end::text, amount, description from invoice_line where kind = 'renewal' and service_id in (${ids.join(',')}) order by invoice_id, id`,
  );
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'refused').toBeInstanceOf(DomainError);
  return (err as DomainError).fields;
};

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  const cat = await createCatalog(em(), { name: 'Servers' });
  const mk = async (name: string, extra: Record<string, unknown> = {}) =>
    (await createPackage(em(), { catalogId: cat.id, name, status: 'visible', ...extra })).id;
  vps = await mk('VPS');
  big = await mk('VPS Big');
  backup = await mk('Backup');
  scarce = await mk('Scarce', { stock: 2, perUserLimit: 5, allowQuantity: true });
  hidden = await mk('Legacy', { status: 'inactive' });
  free = await mk('Trial');
  for (const [id, price] of [
    [vps, '20'],
    [big, '40'],
    [backup, '5'],
    [scarce, '10'],
    [hidden, '8'],
  ] as const) {
    await savePrice(em(), id, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price,
      setupFee: id === vps ? '3' : '0',
    });
  }
  await savePrice(em(), free, undefined, { name: 'Free', type: 'free', currency: 'USD', price: '0' });
  const group = await createAddonGroup(em(), { name: 'Backups', packageIds: [backup] });
  await setOfferedAddonGroups(em(), vps, { groupIds: [group.id] });
  await setScalingTargets(em(), vps, { targetIds: [big, scarce] });
  const instance = await savePluginInstance(
    em(),
    undefined,
    { plugin: 'webhook', name: 'Panel', settings: { url: 'http://127.0.0.1:9/hook', signingSecret: 'x' } },
    SECRET,
  );
  await setPackageProvisioning(em(), vps, { pluginInstanceId: instance.id, options: { plan: 'vps' } });
}, 60_000);
afterAll(() => db?.drop());

describe('staff add a package to a client', () => {
  it('invoice now: the ordinary order at a custom price, kept on every renewal and shown as custom', async () => {
    const c = await client();
    const added = await addServiceForClient(
      em(),
      c,
      { packageId: vps, priceName: 'Monthly', customPrice: '12.5', start: 'invoice' },
      { ...STAFF, now: at('2026-03-10') },
    );
    expect(added).toMatchObject({ start: 'invoice', invoiceId: expect.any(Number), serviceIds: [] });
    const lines = await sql<{ description: string; amount: string }>(
      'select description, amount from invoice_line where invoice_id = ? order by id',
      [added.invoiceId],
    );
    expect(lines.map((l) => [l.description, l.amount])).toEqual([
      ['VPS (Monthly, custom price), 2026-03-10 to 2026-04-09', '12.5000'],
      ['VPS (Monthly, custom price) setup fee', '3.0000'],
    ]);
    const [order] = await sql<{ placed_by: string; limits_overridden: boolean }>(
      'select placed_by, limits_overridden from client_order where id = ?',
      [added.orderId],
    );
    expect(order).toEqual({ placed_by: 'staff:owner@example.com', limits_overridden: false });

    await payInvoice(em(), { invoiceId: added.invoiceId!, gateway: 'manual', reference: `p-${added.invoiceId}` }, at('2026-03-10'));
    const [s] = await sql<{ id: number }>('select id from service where client_id = ?', [c]);
    expect((await service(s!.id)).price_snapshot).toMatchObject({ customPrice: '12.5000', quote: { renewalAmount: '12.5000' } });
    await sql(`update service set status = 'active' where id = ?`, [s!.id]);
    // A package change drops the custom price: the target's own price from then on.
    const preview = await previewServiceChange(em(), { serviceId: s!.id }, { packageId: big, priceName: 'Monthly' }, at('2026-03-20'));
    expect(preview.snapshot.customPrice).toBeUndefined();
    expect(preview.snapshot.quote?.renewalAmount).toBe('40.0000');
    await runBillingNow(em(), '2026-04-05', at('2026-04-05'));
    expect((await renewalLines([s!.id])).map((l) => [l.period_start, l.amount])).toEqual([['2026-04-10', '12.5000']]);
    const [event] = await sql<{ note: string; actor: string }>(
      'select note, actor from service_event where service_id = ? order by id limit 1',
      [s!.id],
    );
    expect(event!.note).toContain('custom price 12.5000');
    expect(event!.actor).toBe('staff:owner@example.com');
  });

  it('invoice now: a total other than the one staff were shown is refused with the new one, and nothing is stored', async () => {
    const c = await client();
    const choice = { packageId: vps, priceName: 'Monthly', customPrice: '0', start: 'invoice' };
    // The summary showed the package's own price (before the custom price was typed): 10.00 + 3.00 setup.
    const err = await addServiceForClient(em(), c, { ...choice, expectedTotal: '13.0000' }, { ...STAFF, now: at('2026-03-10') }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Conflict);
    expect((err as Conflict).message).toBe('The price changed since it was shown: the total is now 3.00 USD. Review it and confirm again.');
    expect((err as Conflict).field).toBe('expectedTotal');
    expect(await sql('select id from client_order where client_id = ?', [c])).toEqual([]);
    const added = await addServiceForClient(em(), c, { ...choice, expectedTotal: '3.0000' }, { ...STAFF, now: at('2026-03-10') });
    expect((await sql<{ total: string }>('select total from invoice where id = ?', [added.invoiceId]))[0]!.total).toBe('3.0000');
  });

  it('activate now: provisioned at once without an invoice, the first renewal on the chosen date, the days before it never billed', async () => {
    const c = await client();
    const added = await addServiceForClient(
      em(),
      c,
      {
        packageId: vps,
        priceName: 'Monthly',
        start: 'activate',
        nextDueDate: '2026-05-31',
        addons: [{ packageId: backup, priceName: 'Monthly' }],
      },
      { ...STAFF, now: at('2026-05-03') },
    );
    expect(added.invoiceId).toBeNull();
    expect(added.serviceIds).toHaveLength(2);
    const [main, addon] = added.serviceIds;
    expect(await service(main!)).toMatchObject({ status: 'pending', next_due_date: '2026-05-31', anchor_day: 31, parent_id: null });
    expect(await service(addon!)).toMatchObject({ status: 'pending', next_due_date: '2026-05-31', parent_id: main });
    expect(await outboxCount(`provision:service:${main}`)).toBe(1);
    expect((await sql('select id from invoice where client_id = ?', [c])).length).toBe(0);
    const [period] = await sql<{ period_start: string; period_end: string; invoice_id: number | null }>(
      'select period_start::text, period_end::text, invoice_id from service_period where service_id = ?',
      [main],
    );
    expect(period).toEqual({ period_start: '2026-05-03', period_end: '2026-05-31', invoice_id: null });

    await sql(`update service set status = 'active' where id in (${added.serviceIds.join(',')})`);
    // A downgrade within the unbilled period credits nothing: those days were never paid for.
    const down = await previewServiceChange(em(), { serviceId: main! }, { packageId: scarce, priceName: 'Monthly' }, at('2026-05-17'));
    expect([down.outcome, down.net]).toEqual(['none', '0.0000']);
    const up = await previewServiceChange(em(), { serviceId: main! }, { packageId: big, priceName: 'Monthly' }, at('2026-05-17'));
    expect(up.outcome).toBe('invoice');
    await runBillingNow(em(), '2026-05-10', at('2026-05-10'));
    expect(await renewalLines(added.serviceIds)).toHaveLength(0);
    await runBillingNow(em(), '2026-05-25', at('2026-05-25'));
    expect((await renewalLines(added.serviceIds)).map((l) => [l.service_id, l.period_start, l.period_end, l.amount])).toEqual([
      [main, '2026-05-31', '2026-06-30', '20.0000'],
      [addon, '2026-05-31', '2026-06-30', '5.0000'],
    ]);
  });

  it('record an existing account: active at once with the plugin fields staff entered, never sent to the plugin', async () => {
    const c = await client();
    const added = await addServiceForClient(
      em(),
      c,
      {
        packageId: vps,
        priceName: 'Monthly',
        start: 'existing',
        nextDueDate: '2026-07-15',
        pluginData: { 'webhook.server': '203.0.113.7', 'webhook.username': 'legacy1' },
      },
      { ...STAFF, now: at('2026-07-01') },
    );
    const s = await service(added.serviceIds[0]!);
    expect(s).toMatchObject({
      status: 'active',
      next_due_date: '2026-07-15',
      plugin_data: { 'webhook.server': '203.0.113.7', 'webhook.username': 'legacy1' },
    });
    expect(s.provisioned_at).not.toBeNull();
    expect(await outboxCount(`provision:service:${added.serviceIds[0]}`)).toBe(0);
    const [event] = await sql<{ to_status: string; note: string }>('select to_status, note from service_event where service_id = ?', [
      added.serviceIds[0],
    ]);
    expect(event!.to_status).toBe('active');
    expect(event!.note).toContain('existing account');

    expect(
      await refusal(
        addServiceForClient(
          em(),
          c,
          { packageId: vps, priceName: 'Monthly', start: 'existing', nextDueDate: '2026-07-15', pluginData: { rootPassword: 'x' } },
          { ...STAFF, now: at('2026-07-01') },
        ),
      ),
    ).toHaveProperty(['pluginData.rootPassword']);
    expect(
      await refusal(
        addServiceForClient(
          em(),
          c,
          { packageId: vps, priceName: 'Monthly', start: 'existing', quantity: 2, nextDueDate: '2026-07-15' },
          { ...STAFF, now: at('2026-07-01') },
        ),
      ),
    ).toHaveProperty('quantity');
  });

  it('any status and off the allow-list for staff, never for clients', async () => {
    const c = await client();
    const added = await addServiceForClient(
      em(),
      c,
      { packageId: hidden, priceName: 'Monthly', start: 'activate', nextDueDate: '2026-09-01' },
      { ...STAFF, now: at('2026-08-10') },
    );
    expect(await service(added.serviceIds[0]!)).toMatchObject({ status: 'pending', next_due_date: '2026-09-01' });
  });

  it('stock and per-user limits hold for staff unless they tick the override, which the order records', async () => {
    const c = await client();
    const now = at('2026-09-01');
    const fields = await refusal(
      addServiceForClient(
        em(),
        c,
        { packageId: scarce, priceName: 'Monthly', quantity: 3, start: 'activate', nextDueDate: '2026-10-01' },
        { ...STAFF, now },
      ),
    );
    expect(fields.quantity).toMatch(/left/);
    expect((await sql('select id from service where package_id = ?', [scarce])).length).toBe(0);
    const over = await addServiceForClient(
      em(),
      c,
      { packageId: scarce, priceName: 'Monthly', quantity: 3, start: 'activate', nextDueDate: '2026-10-01', overrideLimits: 'on' },
      { ...STAFF, now },
    );
    expect(over.serviceIds).toHaveLength(3);
    const [order] = await sql<{ limits_overridden: boolean; placed_by: string }>(
      'select limits_overridden, placed_by from client_order where id = ?',
      [over.orderId],
    );
    expect(order).toEqual({ limits_overridden: true, placed_by: 'staff:owner@example.com' });
    const [event] = await sql<{ note: string }>('select note from service_event where service_id = ?', [over.serviceIds[0]]);
    expect(event!.note).toContain('limits overridden by staff');
  });

  it('never oversells when staff and clients add the last units at once', async () => {
    const pkg = (
      await createPackage(em(), {
        catalogId: (await sql<{ id: number }>('select id from catalog limit 1'))[0]!.id,
        name: 'Race',
        status: 'visible',
        stock: 3,
      })
    ).id;
    await savePrice(em(), pkg, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '9',
      setupFee: '0',
    });
    const ids = await Promise.all(Array.from({ length: 8 }, () => client()));
    const now = at('2026-10-01');
    const results = await Promise.allSettled(
      ids.map((c, i) =>
        addServiceForClient(
          em(),
          c,
          { packageId: pkg, priceName: 'Monthly', start: i % 2 ? 'invoice' : 'activate', nextDueDate: '2026-11-01' },
          { ...STAFF, now },
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DomainError);
    const [held] = await sql<{ n: number }>(
      `select (select count(*) from service where package_id = ?)::int + (select coalesce(sum(quantity), 0) from stock_reservation where package_id = ? and status = 'live')::int as n`,
      [pkg, pkg],
    );
    expect(held!.n).toBe(3);
  });

  it('answers junk field by field and stores nothing', async () => {
    const c = await client();
    const now = at('2026-11-10');
    const before = (await sql<{ n: number }>('select count(*)::int as n from client_order'))[0]!.n;
    const cases: [Record<string, unknown>, string][] = [
      [{ packageId: vps, priceName: 'Monthly', start: 'later' }, 'start'],
      [{ packageId: vps, priceName: 'Monthly', customPrice: '-4' }, 'customPrice'],
      [{ packageId: vps, priceName: 'Monthly', customPrice: 'ten' }, 'customPrice'],
      [{ packageId: vps, priceName: 'Monthly', start: 'activate' }, 'nextDueDate'],
      [{ packageId: vps, priceName: 'Monthly', start: 'activate', nextDueDate: '2026-11-10' }, 'nextDueDate'],
      [{ packageId: vps, priceName: 'Monthly', start: 'activate', nextDueDate: '2026-02-30' }, 'nextDueDate'],
      [{ packageId: vps, priceName: 'Monthly', start: 'existing', nextDueDate: '2026-12-01', pluginData: 'ip' }, 'pluginData'],
      [{ packageId: free, priceName: 'Free', customPrice: '5' }, 'customPrice'],
      [{ packageId: vps, priceName: 'Monthly', addons: [{ packageId: big, priceName: 'Monthly' }] }, 'addons.0.packageId'],
      [{ packageId: vps, priceName: 'Yearly' }, 'price'],
      [{ packageId: vps, priceName: 'Monthly', overrideLimits: 'maybe' }, 'overrideLimits'],
    ];
    for (const [input, field] of cases)
      expect(await refusal(addServiceForClient(em(), c, input, { ...STAFF, now })), JSON.stringify(input)).toHaveProperty([field]);
    expect((await sql<{ n: number }>('select count(*)::int as n from client_order'))[0]!.n).toBe(before);
  });
});
