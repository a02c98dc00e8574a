import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createAddonGroup } from '../../src/modules/catalog/create-addon-group.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { setOfferedAddonGroups } from '../../src/modules/catalog/set-offered-addon-groups.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { quoteAddon } from '../../src/modules/orders/quote-addon.ts';
import { changeServiceStatus } from '../../src/modules/services/change-service-status.ts';
import { requestCancellation } from '../../src/modules/services/request-cancellation.ts';
import { runLifecycleSweep } from '../../src/modules/services/run-lifecycle-sweep.ts';
import { saveBillingSettings } from '../../src/modules/settings/billing-settings.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
import { setScalingTargets } from '../../src/modules/catalog/set-scaling-targets.ts';
import { previewServiceChange } from '../../src/modules/scaling/preview-service-change.ts';
import { confirmServiceChange } from '../../src/modules/scaling/confirm-service-change.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const at = (day: string) => new Date(`${day}T12:00:00Z`);
const SECRET = 'addon-test-secret-0123456789abcdefghijklmnop';

let vps: number;
let backup: number;
let scarce: number;
let other: number;

let clients = 0;
async function client() {
  const [c] = await sql<{ id: number }>(`insert into client (email, name, country, currency) values (?, ?, 'US', 'USD') returning id`, [
    `addon${++clients}@example.com`,
    `Client ${clients}`,
  ]);
  return c!.id;
}

/** A paid, active service of `packageId` ordered on `day`. */
async function activeService(clientId: number, packageId: number, day: string) {
  const { invoice } = await placeOrder(em(), { clientId, packageId, priceName: 'Monthly' }, at(day));
  await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `first-${invoice.id}` }, at(day));
  const [s] = await sql<{ id: number }>('select id from service where client_id = ? and package_id = ? order by id desc limit 1', [
    clientId,
    packageId,
  ]);
  await sql(`update service set status = 'active' where id = ?`, [s!.id]);
  return s!.id;
}

/** Orders `packageId` as an add-on of `parentId` on `day`, pays it and activates it. */
async function addAddon(clientId: number, parentId: number, packageId: number, day: string, expectedTotal?: string) {
  const { invoice, quote } = await placeOrder(
    em(),
    { clientId, packageId, priceName: 'Monthly', parentServiceId: parentId, expectedTotal },
    at(day),
  );
  await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `addon-${invoice.id}` }, at(day));
  const [s] = await sql<{ id: number }>('select id from service where parent_id = ? order by id desc limit 1', [parentId]);
  await sql(`update service set status = 'active' where id = ?`, [s!.id]);
  return { id: s!.id, invoice, quote };
}

const service = async (id: number) =>
  (
    await sql<{
      status: string;
      parent_id: number | null;
      anchor_day: number;
      next_due_date: string;
      cancel_at: string | null;
      suspend_reason: string | null;
    }>('select status, parent_id, anchor_day, next_due_date::text, cancel_at::text, suspend_reason from service where id = ?', [id])
  )[0]!;
const renewalLines = (ids: number[]) =>
  sql<{ invoice_id: number; service_id: number; period_start: string; period_end: string; amount: string; description: string }>(
    `select l.invoice_id, l.service_id, l.period_start::text, l.period_end::text, l.amount, l.description from invoice_line l where l.kind = 'renewal' and l.service_id in (${ids.join(',')}) order by l.invoice_id, l.id`,
  );

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  // Grouping off: an add-on still renews on its parent's invoice.
  await saveBillingSettings(em(), { groupRenewals: '0' });
  const catalog = await createCatalog(em(), { name: 'Servers' });
  const monthly = (price: string) => ({ name: 'Monthly', type: 'recurring', intervalCount: 1, period: 'month', currency: 'USD', price });
  vps = (await createPackage(em(), { catalogId: catalog.id, name: 'VPS' })).id;
  await savePrice(em(), vps, undefined, monthly('20.00'));
  backup = (await createPackage(em(), { catalogId: catalog.id, name: 'Daily Backup', allowQuantity: true })).id;
  await savePrice(em(), backup, undefined, monthly('10.00'));
  await savePrice(em(), backup, undefined, { ...monthly('100.00'), name: 'Yearly', period: 'year' });
  scarce = (await createPackage(em(), { catalogId: catalog.id, name: 'Last IPv4', stock: 1 })).id;
  await savePrice(em(), scarce, undefined, monthly('3.00'));
  other = (await createPackage(em(), { catalogId: catalog.id, name: 'Not offered' })).id;
  await savePrice(em(), other, undefined, monthly('1.00'));
  const group = await createAddonGroup(em(), { name: 'Backups', packageIds: [backup, scarce] });
  await setOfferedAddonGroups(em(), vps, { groupIds: [group.id] });
  // Lifecycle calls go through a plugin (manual here), so suspensions are recorded like real ones.
  const instance = await savePluginInstance(em(), undefined, { plugin: 'none', name: 'Manual' }, SECRET);
  for (const id of [vps, backup, scarce]) await setPackageProvisioning(em(), id, { pluginInstanceId: instance.id, pluginOptions: {} });
});
afterAll(() => db.drop());

describe('an add-on added to a running service', () => {
  it("is charged to the parent's next due date (DOMAIN example), then renews with it on its invoice", async () => {
    const c = await client();
    const parent = await activeService(c, vps, '2026-02-15');
    expect((await service(parent)).next_due_date).toBe('2026-03-15');
    const preview = await quoteAddon(
      em(),
      { clientId: c, parentServiceId: parent, packageId: backup, priceName: 'Monthly' },
      at('2026-03-01'),
    );
    expect(preview.quote.lines.map((l) => [l.kind, l.amount])).toEqual([['prorata', '5.0000']]);
    expect(preview.quote.total).toBe('5.0000');
    const addon = await addAddon(c, parent, backup, '2026-03-01', preview.quote.total);
    expect(await service(addon.id)).toMatchObject({ parent_id: parent, anchor_day: 15, next_due_date: '2026-03-15' });

    // The renewal run bills both on one invoice, the add-on's line under its parent's.
    expect((await runBillingNow(em(), '2026-03-08', new Date())).invoices).toBe(1);
    const lines = await renewalLines([parent, addon.id]);
    expect(lines.map((l) => [l.service_id, l.period_start, l.period_end, l.amount])).toEqual([
      [parent, '2026-03-15', '2026-04-15', '20.0000'],
      [addon.id, '2026-03-15', '2026-04-15', '10.0000'],
    ]);
    expect(lines[1]!.description).toContain(`(add-on of #${parent})`);
    expect(new Set(lines.map((l) => l.invoice_id)).size).toBe(1);
    await payInvoice(em(), { invoiceId: lines[0]!.invoice_id, gateway: 'manual', reference: 'renewal' }, at('2026-03-10'));
    expect((await service(parent)).next_due_date).toBe('2026-04-15');
    expect((await service(addon.id)).next_due_date).toBe('2026-04-15');
  });

  it("added after the parent's next term was invoiced, pays that term too and stays on the parent's invoices", async () => {
    const c = await client();
    const parent = await activeService(c, vps, '2026-05-20');
    await runBillingNow(em(), '2026-06-14', new Date());
    expect(await renewalLines([parent])).toHaveLength(1);
    const addon = await addAddon(c, parent, backup, '2026-06-16');
    // 4 days of a 31-day term (May 20 to Jun 20) and the whole next term already on the parent's invoice.
    expect(addon.quote.lines.map((l) => l.amount)).toEqual(['1.2903', '10.0000']);
    expect((await service(addon.id)).next_due_date).toBe('2026-07-20');
    await runBillingNow(em(), '2026-06-15', new Date());
    expect(await renewalLines([addon.id])).toHaveLength(0);
    // Both renew together from the next term on.
    const renewal = await renewalLines([parent, addon.id]);
    await payInvoice(em(), { invoiceId: renewal[0]!.invoice_id, gateway: 'manual', reference: 'p' }, at('2026-06-18'));
    await runBillingNow(em(), '2026-07-13', new Date());
    const next = (await renewalLines([parent, addon.id])).filter((l) => l.period_start === '2026-07-20');
    expect(next.map((l) => l.service_id)).toEqual([parent, addon.id]);
    expect(new Set(next.map((l) => l.invoice_id)).size).toBe(1);
  });

  it("is never billed apart from its parent: a parent that does not renew takes its add-ons' renewal along", async () => {
    const c = await client();
    const parent = await activeService(c, vps, '2026-08-03');
    const addon = await addAddon(c, parent, backup, '2026-08-10');
    // The parent's snapshot is broken: its renewal fails, and the add-on must not renew alone.
    await sql(`update service set price_snapshot = '{"price": {"type": "recurring"}}' where id = ?`, [parent]);
    const run = await runBillingNow(em(), '2026-08-30', new Date());
    const failed = await sql<{ service_id: number }>('select service_id from billing_run_failure where run_id = ?', [run.runId]);
    expect(failed.map((f) => f.service_id)).toEqual([parent]);
    expect(await renewalLines([addon.id])).toHaveLength(0);
  });

  it('is refused with a reason for each rule', async () => {
    const c = await client();
    const parent = await activeService(c, vps, '2026-09-05');
    const order = (over: Record<string, unknown>, day = '2026-09-10') =>
      placeOrder(em(), { clientId: c, packageId: backup, priceName: 'Monthly', parentServiceId: parent, ...over }, at(day));
    await expect(order({ packageId: other })).rejects.toThrow('That package is not offered as an add-on of this service.');
    await expect(order({ priceName: 'Yearly' })).rejects.toThrow('Choose a price with the same term as the service it is added to.');
    await expect(order({ expectedTotal: '1.0000' })).rejects.toThrow(
      /The price changed since it was shown: the total is now \d+\.\d{2} USD\. /,
    );
    await expect(order({ clientId: await client() })).rejects.toThrow('That service was not found.');
    const { id: addon } = await addAddon(c, parent, backup, '2026-09-10');
    await expect(order({ parentServiceId: addon })).rejects.toThrow('An add-on cannot have add-ons of its own.');
    await sql(`update service set status = 'suspended' where id = ?`, [parent]);
    await expect(order({})).rejects.toThrow('Add-ons can be added to an active service only.');
    const orders = await sql<{ n: number }>('select count(*)::int as n from order_line where parent_service_id = ?', [parent]);
    expect(orders[0]!.n).toBe(1);
  });

  /** A new client's active VPS (ordered on 2026-10-10) and an unpaid order of a backup add-on for it (2026-10-12). */
  const unpaidAddonOrder = async () => {
    const c = await client();
    const parent = await activeService(c, vps, '2026-10-10');
    const { invoice } = await placeOrder(
      em(),
      { clientId: c, packageId: backup, priceName: 'Monthly', parentServiceId: parent },
      at('2026-10-12'),
    );
    return { parent, invoice };
  };

  it('cannot be paid once its parent has ended: the order is cancelled with it, and nothing is started', async () => {
    const { parent, invoice } = await unpaidAddonOrder();
    await changeServiceStatus(em(), parent, 'terminate', 'staff:test', SECRET, at('2026-10-12'));
    expect(
      await sql('select i.status as invoice, o.status as "order" from invoice i join client_order o on o.id = i.order_id where i.id = ?', [
        invoice.id,
      ]),
    ).toEqual([{ invoice: 'void', order: 'cancelled' }]);
    await expect(
      payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `late-addon-${invoice.id}` }, at('2026-10-12')),
    ).rejects.toThrow('This invoice was cancelled and can no longer be paid.');
    expect(await sql('select id from service where parent_id = ?', [parent])).toEqual([]);
  });

  it('paid while its parent is being terminated: either the payment is refused (the order cancelled with the parent), or it starts and ends with the parent, never live under it', async () => {
    for (let round = 0; round < 6; round++) {
      const { parent, invoice } = await unpaidAddonOrder();
      const [paid, terminated] = await Promise.allSettled([
        payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `racing-addon-${invoice.id}` }, at('2026-10-12')),
        changeServiceStatus(em(), parent, 'terminate', 'staff:test', SECRET, at('2026-10-12')),
      ]);
      expect(terminated.status, `round ${round}`).toBe('fulfilled');
      expect((await service(parent)).status).toBe('terminated');
      const addons = await sql<{ status: string }>('select status from service where parent_id = ?', [parent]);
      const [inv] = await sql<{ status: string; payments: number }>(
        'select status, (select count(*)::int from payment where invoice_id = invoice.id) as payments from invoice where id = ?',
        [invoice.id],
      );
      if (paid.status === 'rejected') {
        expect(String(paid.reason), `round ${round}`).toContain('This invoice was cancelled and can no longer be paid.');
        expect(inv, `round ${round}`).toEqual({ status: 'void', payments: 0 });
        expect(addons, `round ${round}`).toHaveLength(0);
      } else {
        expect(inv, `round ${round}`).toEqual({ status: 'paid', payments: 1 });
        expect(addons, `round ${round}`).toHaveLength(1);
        expect(['cancelled', 'terminated'], `round ${round}`).toContain(addons[0]!.status);
      }
    }
  });

  it('keeps stock under racing orders: two clients, one unit left, one add-on sold', async () => {
    const [a, b] = [await client(), await client()];
    const [pa, pb] = [await activeService(a, vps, '2026-10-01'), await activeService(b, vps, '2026-10-01')];
    const results = await Promise.allSettled([
      placeOrder(em(), { clientId: a, packageId: scarce, priceName: 'Monthly', parentServiceId: pa }, at('2026-10-05')),
      placeOrder(em(), { clientId: b, packageId: scarce, priceName: 'Monthly', parentServiceId: pb }, at('2026-10-05')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason.message)).toBe('Sold out.');
  });
});

describe('a package change of a service with add-ons', () => {
  const confirmFrom = (p: { net: string; total: string; currency: string; effectiveDate: string }) => ({
    expectedNet: p.net,
    expectedTotal: p.total,
    expectedCurrency: p.currency,
    effectiveDate: p.effectiveDate,
  });
  let large: number;
  let plain: number;

  beforeAll(async () => {
    const catalog = await createCatalog(em(), { name: 'Bigger' });
    large = (await createPackage(em(), { catalogId: catalog.id, name: 'VPS Large' })).id;
    await savePrice(em(), large, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '40.00',
    });
    await savePrice(em(), large, undefined, {
      name: 'Yearly',
      type: 'recurring',
      intervalCount: 1,
      period: 'year',
      currency: 'USD',
      price: '400.00',
    });
    plain = (await createPackage(em(), { catalogId: catalog.id, name: 'VPS Plain' })).id;
    await savePrice(em(), plain, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '40.00',
    });
    const groupId = (
      await sql<{ addon_group_id: number }>('select addon_group_id from package_addon_group where package_id = ?', [vps])
    )[0]!.addon_group_id;
    await setOfferedAddonGroups(em(), large, { groupIds: [groupId] });
    await setScalingTargets(em(), vps, { targetIds: [large, plain] });
  });

  it('ends the add-ons the target does not offer, credited for their unused days in the same preview', async () => {
    const c = await client();
    const parent = await activeService(c, vps, '2027-08-01');
    const { id: addon } = await addAddon(c, parent, backup, '2027-08-05');
    const day = at('2027-08-10');
    const choice = { packageId: plain, priceName: 'Monthly' };
    const p = await previewServiceChange(em(), { serviceId: parent, clientId: c }, choice, day);
    // Aug 10 to Sep 1 of a 31-day period: -20 x 22/31, +40 x 22/31, and the backup's -10 x 22/31.
    expect(p.lines.map((l) => [l.kind, l.amount, l.serviceId ?? parent])).toEqual([
      ['upgrade-credit', '-14.1935', parent],
      ['upgrade-charge', '28.3871', parent],
      ['addon-credit', '-7.0968', addon],
    ]);
    expect(p.net).toBe('7.0968');
    expect(p.addons).toEqual({ kept: [], ended: [{ id: addon, packageName: 'Daily Backup' }] });
    const done = await confirmServiceChange(
      em(),
      { serviceId: parent, clientId: c, actor: 'client' },
      { ...choice, ...confirmFrom(p) },
      day,
    );
    expect(done.status).toBe('awaiting_payment');
    // Nothing ends before the change is paid.
    expect((await service(addon)).status).toBe('active');
    const lines = await sql<{ service_id: number; amount: string }>(
      'select service_id, amount::text from invoice_line where invoice_id = ? order by id',
      [done.invoiceId],
    );
    expect(lines.map((l) => l.service_id)).toEqual([parent, parent, addon]);
    await payInvoice(em(), { invoiceId: done.invoiceId!, gateway: 'manual', reference: `change-${done.invoiceId}` }, day);
    expect((await sql<{ package_id: number }>('select package_id from service where id = ?', [parent]))[0]!.package_id).toBe(plain);
    expect((await service(addon)).status).toBe('cancelled');
    const calls = await sql<{ n: number }>('select count(*)::int as n from outbox where dedupe_key = ?', [
      `service-action:${addon}:terminate`,
    ]);
    expect(calls[0]!.n).toBe(1);
  });

  it("keeps the add-ons the target offers, re-priced from the next due date at the new price's name and term", async () => {
    const c = await client();
    const parent = await activeService(c, vps, '2027-10-01');
    const { id: addon } = await addAddon(c, parent, backup, '2027-10-05');
    const day = at('2027-10-10');
    const choice = { packageId: large, priceName: 'Yearly' };
    const p = await previewServiceChange(em(), { serviceId: parent, clientId: c }, choice, day);
    expect(p.lines.map((l) => l.kind)).toEqual(['upgrade-credit', 'upgrade-charge']);
    expect(p.addons).toEqual({ kept: [{ id: addon, packageName: 'Daily Backup', priceName: 'Yearly', renewal: '100.0000' }], ended: [] });
    const done = await confirmServiceChange(
      em(),
      { serviceId: parent, clientId: c, actor: 'client' },
      { ...choice, ...confirmFrom(p) },
      day,
    );
    await payInvoice(em(), { invoiceId: done.invoiceId!, gateway: 'manual', reference: `change-${done.invoiceId}` }, day);
    expect(await service(addon)).toMatchObject({ status: 'active', next_due_date: '2027-11-01' });
    // From the next due date both renew yearly, on one invoice.
    await runBillingNow(em(), '2027-10-25', new Date());
    const renewal = await renewalLines([parent, addon]);
    expect(renewal.map((l) => [l.service_id, l.period_start, l.period_end, l.amount])).toEqual([
      [parent, '2027-11-01', '2028-11-01', '400.0000'],
      [addon, '2027-11-01', '2028-11-01', '100.0000'],
    ]);
    expect(new Set(renewal.map((l) => l.invoice_id)).size).toBe(1);
  });
});

describe('an add-on follows its parent', () => {
  it('is suspended, unsuspended and terminated with it by staff, through the plugin via the outbox', async () => {
    const c = await client();
    const parent = await activeService(c, vps, '2026-11-02');
    const { id: addon } = await addAddon(c, parent, backup, '2026-11-05');
    await changeServiceStatus(em(), parent, 'suspend', 'staff:test', SECRET, at('2026-11-06'));
    expect(await service(addon)).toMatchObject({ status: 'suspended', suspend_reason: 'parent' });
    const calls = await sql<{ n: number }>(`select count(*)::int as n from outbox where dedupe_key like ?`, [
      `service-action:${addon}:suspend:%`,
    ]);
    expect(calls[0]!.n).toBe(1);
    // An add-on staff suspended on its own stays suspended when the parent comes back.
    const { id: own } = await (async () => {
      await changeServiceStatus(em(), parent, 'unsuspend', 'staff:test', SECRET, at('2026-11-07'));
      return addAddon(c, parent, backup, '2026-11-08');
    })();
    expect((await service(addon)).status).toBe('active');
    await changeServiceStatus(em(), own, 'suspend', 'staff:test', SECRET, at('2026-11-09'));
    await changeServiceStatus(em(), parent, 'suspend', 'staff:test', SECRET, at('2026-11-10'));
    await changeServiceStatus(em(), parent, 'unsuspend', 'staff:test', SECRET, at('2026-11-11'));
    expect((await service(addon)).status).toBe('active');
    expect(await service(own)).toMatchObject({ status: 'suspended', suspend_reason: 'staff' });
    await changeServiceStatus(em(), parent, 'terminate', 'staff:test', SECRET, at('2026-11-12'));
    expect((await service(addon)).status).toBe('terminated');
    expect((await service(own)).status).toBe('terminated');
    const events = await sql<{ note: string }>('select note from service_event where service_id = ? order by id desc limit 1', [addon]);
    expect(events[0]!.note).toBe(`Ended with its parent service #${parent}.`);
  });

  it('ends with it at the end of the term, and may be cancelled on its own', async () => {
    const c = await client();
    const parent = await activeService(c, vps, '2026-12-01');
    const { id: first } = await addAddon(c, parent, backup, '2026-12-05');
    const { id: second } = await addAddon(c, parent, backup, '2026-12-06');
    await requestCancellation(em(), c, second, 'now', SECRET, at('2026-12-07'));
    expect((await service(second)).status).toBe('cancelled');
    expect((await service(parent)).status).toBe('active');
    await requestCancellation(em(), c, parent, 'end_of_term', SECRET, at('2026-12-08'));
    expect((await service(first)).cancel_at).toBe('2027-01-01');
    await runLifecycleSweep(em(), '2027-01-01', at('2027-01-01'));
    expect((await service(parent)).status).toBe('cancelled');
    expect((await service(first)).status).toBe('cancelled');
  });

  it("is suspended for its parent's overdue renewal, and comes back when it is paid", async () => {
    const c = await client();
    const parent = await activeService(c, vps, '2027-02-10');
    const { id: addon } = await addAddon(c, parent, backup, '2027-02-20');
    await runBillingNow(em(), '2027-03-05', new Date());
    const [line] = await renewalLines([parent]);
    await runLifecycleSweep(em(), '2027-03-14', at('2027-03-14'));
    expect((await service(parent)).status).toBe('suspended');
    expect((await service(addon)).status).toBe('suspended');
    await payInvoice(em(), { invoiceId: line!.invoice_id, gateway: 'manual', reference: 'late' }, at('2027-03-15'));
    expect((await service(parent)).status).toBe('active');
    expect((await service(addon)).status).toBe('active');
    expect((await service(addon)).next_due_date).toBe('2027-04-10');
  });

  it('is suspended with a parent whose overdue invoice it is not on, and comes back with it', async () => {
    const c = await client();
    const parent = await activeService(c, vps, '2027-05-10');
    await runBillingNow(em(), '2027-06-04', new Date());
    const [line] = await renewalLines([parent]);
    // Added after the parent's renewal was invoiced: its own order paid that term, so the overdue invoice bills the parent alone.
    const { id: addon } = await addAddon(c, parent, backup, '2027-06-05');
    await runLifecycleSweep(em(), '2027-06-14', at('2027-06-14'));
    expect(await service(parent)).toMatchObject({ status: 'suspended', suspend_reason: 'overdue' });
    expect(await service(addon)).toMatchObject({ status: 'suspended', suspend_reason: 'parent' });
    await payInvoice(em(), { invoiceId: line!.invoice_id, gateway: 'manual', reference: 'late-june' }, at('2027-06-15'));
    expect((await service(parent)).status).toBe('active');
    expect(await service(addon)).toMatchObject({ status: 'active', suspend_reason: null });
    // Terminated for a later unpaid term, the add-on ends with it.
    await runBillingNow(em(), '2027-07-04', new Date());
    await runLifecycleSweep(em(), '2027-07-30', at('2027-07-30'));
    expect((await service(parent)).status).toBe('terminated');
    expect((await service(addon)).status).toBe('terminated');
  });
});
