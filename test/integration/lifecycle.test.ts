// The service lifecycle billing drives, through the real actions on a real database: overdue
// suspension and termination, payment lifting an overdue suspension (and not a staff one), the
// plugin calls that follow through the outbox, end-of-term cancellations, and the invoices voided
// when services end. Every date is chosen; the sweep runs as the hourly job would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { startWebhookTarget } from '../helpers/webhook-target.ts';
import { loadConfig } from '../../src/config.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveBillingSettings } from '../../src/modules/settings/billing-settings.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { addCredit } from '../../src/modules/invoicing/add-credit.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { billAgain } from '../../src/modules/billing/bill-again.ts';
import { countHeld } from '../../src/modules/inventory/count-held.ts';
import { provisionService } from '../../src/modules/provisioning/provision-service.ts';
import { changeServiceStatus } from '../../src/modules/services/change-service-status.ts';
import { requestCancellation } from '../../src/modules/services/request-cancellation.ts';
import { runLifecycleSweep } from '../../src/modules/services/run-lifecycle-sweep.ts';
import { runServiceAction } from '../../src/modules/provisioning/run-service-action.ts';
import { JOB, type Payload } from '../../src/queue/jobs.ts';

const SECRET = 'lifecycle-hook-secret';
/** An invoice's due date: overdue suspensions are keyed by it. */
const invoiceDue = async (invoiceId: number) =>
  (await db.orm.em.getConnection().execute<{ d: string }[]>('select due_date::text as d from invoice where id = ?', [invoiceId]))[0]!.d;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let hook: Awaited<ReturnType<typeof startWebhookTarget>>;
let appSecret: string;
const pkg: Record<'web' | 'solo' | 'trial', number> = { web: 0, solo: 0, trial: 0 };
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const at = (day: string, time = '09:00:00') => new Date(`${day}T${time}Z`);
let n = 0;

async function newClient(name: string) {
  const [c] = await sql<{ id: number }>(`insert into client (email, name, currency) values (?, ?, 'USD') returning id`, [
    `${name}-${++n}@example.com`,
    name,
  ]);
  return c!.id;
}

/** An active service ordered (and paid, and created remotely) on `day`: monthly, due a month later. */
async function activeService(packageId: number, name: string, opts: { clientId?: number; day?: string } = {}) {
  const clientId = opts.clientId ?? (await newClient(name));
  const day = opts.day ?? '2026-05-10';
  const { invoice } = await placeOrder(em(), { clientId, packageId, priceName: 'Monthly' }, at(day));
  await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `order-${invoice.id}` }, at(day));
  const [s] = await sql<{ id: number }>('select max(id) as id from service where client_id = ?', [clientId]);
  await provisionService(em(), s!.id, appSecret, () => at(day));
  return { clientId, serviceId: s!.id };
}

const renew = (asOf: string) => runBillingNow(em(), asOf, at(asOf, '01:00:00'));
const sweep = (day: string) => runLifecycleSweep(em(), day, at(day, '03:00:00'));
const sweep3 = (day: string) => Promise.all([sweep(day), sweep(day), sweep(day)]);

const serviceRow = async (id: number) =>
  (
    await sql<{
      status: string;
      suspend_reason: string | null;
      cancel_at: string | null;
      next_due_date: string | null;
      last_error: string | null;
    }>(
      'select status, suspend_reason, cancel_at::text as cancel_at, next_due_date::text as next_due_date, last_error from service where id = ?',
      [id],
    )
  )[0]!;
const renewalsOf = (serviceId: number) =>
  sql<{ id: number; status: string; due_date: string }>(
    `select distinct i.id, i.status, i.due_date::text as due_date from invoice i join invoice_line l on l.invoice_id = i.id where l.service_id = ? and l.kind = 'renewal' order by i.id`,
    [serviceId],
  );
const eventsOf = (serviceId: number) =>
  sql<{ from_status: string | null; to_status: string; note: string }>(
    'select from_status, to_status, note from service_event where service_id = ? order by id',
    [serviceId],
  );
const actionsOf = (serviceId: number) =>
  sql<{ dedupe_key: string; payload: Payload<'serviceAction'>; processed: boolean }>(
    `select dedupe_key, payload, processed_at is not null as processed from outbox where job = 'service-action' and (payload->>'serviceId')::int = ? order by id`,
    [serviceId],
  );
/** What the remote side was asked for this service, in order (create first). */
const remote = (serviceId: number) =>
  hook.calls.filter((c) => (c.body.service as { id?: number } | undefined)?.id === serviceId).map((c) => c.event);

/** Runs the queued plugin calls of a service, as the provisioning worker would, in the order given. */
async function deliver(serviceId: number, order: 'as-queued' | 'reversed' = 'as-queued', day = '2026-07-20') {
  const rows = await actionsOf(serviceId);
  const results: string[] = [];
  for (const r of order === 'reversed' ? rows.reverse() : rows) {
    results.push(await runServiceAction(em(), JOB.serviceAction.payload.parse(r.payload), appSecret, at(day)));
  }
  return results;
}

beforeAll(async () => {
  db = await createTestDatabase();
  hook = await startWebhookTarget(SECRET);
  appSecret = loadConfig({ ...process.env, DATABASE_URL: db.url }).APP_SECRET;
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveBillingSettings(em(), { suspendAfterDays: '5', terminateAfterDays: '30' });
  const catalog = await createCatalog(em(), { name: 'Servers' });
  const instance = await savePluginInstance(
    em(),
    undefined,
    { plugin: 'webhook', name: 'Panel', settings: { url: hook.url, signingSecret: SECRET } },
    appSecret,
  );
  const make = async (name: string, extra: Record<string, unknown>, price: Record<string, unknown> = {}) => {
    const id = (await createPackage(em(), { catalogId: catalog.id, name, ...extra })).id;
    await savePrice(em(), id, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '20',
      ...price,
    });
    await setPackageProvisioning(em(), id, { pluginInstanceId: instance.id, options: { plan: name.toLowerCase() } });
    return id;
  };
  pkg.web = await make('Web', {});
  pkg.solo = await make('Solo', { stock: 1 });
  pkg.trial = await make('Trial', {}, { cancelAtEndOfTerm: '1', cancellationFee: '4' });
});
afterAll(async () => {
  await hook.close();
  await db.drop();
});

describe('overdue suspension', () => {
  it('suspends an unpaid renewal N days after its due date, not before, once under three racing sweeps, and the plugin suspends it once', async () => {
    const { serviceId } = await activeService(pkg.web, 'ana');
    await renew('2026-06-03');
    const [invoice] = await renewalsOf(serviceId);
    expect(invoice).toMatchObject({ status: 'unpaid', due_date: '2026-06-10' });

    await sweep3('2026-06-14');
    expect(await serviceRow(serviceId)).toMatchObject({ status: 'active', suspend_reason: null });
    expect(await actionsOf(serviceId)).toEqual([]);

    const counts = await sweep3('2026-06-15');
    expect(counts.reduce((sum, c) => sum + c.suspended!, 0)).toBe(1);
    expect(await serviceRow(serviceId)).toMatchObject({ status: 'suspended', suspend_reason: 'overdue' });
    const events = await eventsOf(serviceId);
    expect(events.filter((e) => e.to_status === 'suspended')).toEqual([
      { from_status: 'active', to_status: 'suspended', note: `Suspended: invoice #${invoice!.id} is overdue (due 2026-06-10).` },
    ]);
    const key = `service-action:${serviceId}:suspend:due-${await invoiceDue(invoice!.id)}`;
    expect(await actionsOf(serviceId)).toEqual([{ dedupe_key: key, payload: { serviceId, verb: 'suspend', key }, processed: false }]);

    // Delivered twice: the second finds the row processed and calls nothing.
    expect(await runServiceAction(em(), { serviceId, verb: 'suspend', key }, appSecret, at('2026-06-15'))).toBe('done');
    expect(await runServiceAction(em(), { serviceId, verb: 'suspend', key }, appSecret, at('2026-06-15'))).toBe('already-done');
    expect(remote(serviceId)).toEqual(['create', 'suspend']);
    expect(hook.callsFor(key)).toBe(1);
    expect((await actionsOf(serviceId))[0]!.processed).toBe(true);
  });
});

describe('a renewal issued late', () => {
  it('counts the days before suspension and termination from the run that issued it, not from its earlier due date', async () => {
    // Billing stopped for weeks: the run on Jul 20 issues the periods of Jun 10 and Jul 10 at once.
    const { serviceId } = await activeService(pkg.web, 'cleo');
    await renew('2026-07-20');
    expect((await renewalsOf(serviceId)).map((i) => [i.status, i.due_date])).toEqual([
      ['unpaid', '2026-06-10'],
      ['unpaid', '2026-07-10'],
    ]);
    // Due 40 days ago, but issued today: neither terminated (30 days) nor suspended (5) yet.
    await sweep('2026-07-20');
    await sweep('2026-07-24');
    expect(await serviceRow(serviceId)).toMatchObject({ status: 'active', suspend_reason: null });
    // Five days after it was issued the client has had their time.
    await sweep('2026-07-25');
    expect(await serviceRow(serviceId)).toMatchObject({ status: 'suspended', suspend_reason: 'overdue' });
    await sweep('2026-08-18');
    expect((await serviceRow(serviceId)).status).toBe('suspended');
    await sweep('2026-08-19');
    expect((await serviceRow(serviceId)).status).toBe('terminated');
  });

  it('billed again, a late renewal keeps the days of its first issue: neither fewer nor more', async () => {
    const { serviceId } = await activeService(pkg.web, 'edna');
    await renew('2026-06-20');
    const [late] = await renewalsOf(serviceId);
    expect(late!.due_date).toBe('2026-06-10');
    // Re-issued on Jun 22 (a shared invoice whose other service ended): same period, same clock (Jun 20).
    expect(await em().transactional((tx) => billAgain(tx, late!.id, 'a service on it ended', at('2026-06-22')))).toBe(true);
    await renew('2026-06-22');
    expect((await renewalsOf(serviceId)).map((i) => [i.status, i.due_date])).toEqual([
      ['void', '2026-06-10'],
      ['unpaid', '2026-06-10'],
    ]);
    await sweep('2026-06-24');
    expect((await serviceRow(serviceId)).status).toBe('active');
    await sweep('2026-06-25');
    expect(await serviceRow(serviceId)).toMatchObject({ status: 'suspended', suspend_reason: 'overdue' });
  });

  it('a payment lifts the suspension only when no other late invoice is overdue yet by the same count', async () => {
    const { serviceId } = await activeService(pkg.web, 'dora');
    await renew('2026-06-03');
    await sweep('2026-06-15');
    expect((await serviceRow(serviceId)).suspend_reason).toBe('overdue');
    // The next period issued late (Jul 20) is not overdue on Jul 21: paying June's brings the service back.
    await renew('2026-07-20');
    const [june, july] = await renewalsOf(serviceId);
    expect(july!.due_date).toBe('2026-07-10');
    await payInvoice(em(), { invoiceId: june!.id, gateway: 'manual', reference: `late-${june!.id}` }, at('2026-07-21'));
    expect(await serviceRow(serviceId)).toMatchObject({ status: 'active', suspend_reason: null });
  });
});

describe('staff giving time', () => {
  it('an unsuspension staff gave holds when the overdue period is billed again on a new invoice', async () => {
    const { serviceId } = await activeService(pkg.web, 'gia', { day: '2026-08-10' });
    await renew('2026-09-03');
    // Suspended 5 days past due (this file's setting).
    await sweep('2026-09-15');
    expect((await serviceRow(serviceId)).suspend_reason).toBe('overdue');
    await changeServiceStatus(em(), serviceId, 'unsuspend', 'staff@x', appSecret, at('2026-09-15'));
    const [old] = await renewalsOf(serviceId);
    // The same period on a new invoice (a shared invoice re-billed after another service ended).
    expect(await em().transactional((tx) => billAgain(tx, old!.id, 'a service on it ended', at('2026-09-15')))).toBe(true);
    await renew('2026-09-15');
    const again = await renewalsOf(serviceId);
    expect(again.map((i) => i.status)).toEqual(['void', 'unpaid']);
    // Past the days the new invoice gives from its issue (Sep 15) too: still the period staff gave time for.
    await sweep('2026-09-21');
    expect(await serviceRow(serviceId)).toMatchObject({ status: 'active', suspend_reason: null });
  });
});

describe('payment', () => {
  it('lifts an overdue suspension (unless another overdue invoice keeps it), but never a staff one', async () => {
    const overdue = await activeService(pkg.web, 'ben');
    const staff = await activeService(pkg.web, 'cid');
    const twice = await activeService(pkg.web, 'dot');
    await renew('2026-06-03');
    await sweep('2026-06-15');
    for (const s of [overdue, staff, twice]) expect((await serviceRow(s.serviceId)).suspend_reason).toBe('overdue');
    expect(await deliver(overdue.serviceId)).toEqual(['done']);

    // Staff give one client time (unsuspend): the same overdue invoice does not suspend it again.
    await changeServiceStatus(em(), staff.serviceId, 'unsuspend', 'staff@x', appSecret, at('2026-06-16'));
    await sweep('2026-06-17');
    expect(await serviceRow(staff.serviceId)).toMatchObject({ status: 'active', suspend_reason: null });
    // Then staff suspend it themselves: the payment below must leave that alone.
    await changeServiceStatus(em(), staff.serviceId, 'suspend', 'staff@x', appSecret, at('2026-06-18'));
    expect(await serviceRow(staff.serviceId)).toMatchObject({ status: 'suspended', suspend_reason: 'staff' });

    // The next period is billed while the first is unpaid; paying the newer one leaves the older overdue.
    await renew('2026-07-03');
    const [firstOfTwice, secondOfTwice] = await renewalsOf(twice.serviceId);
    await payInvoice(em(), { invoiceId: secondOfTwice!.id, gateway: 'manual', reference: `late-${secondOfTwice!.id}` }, at('2026-07-04'));
    expect(await serviceRow(twice.serviceId)).toMatchObject({ status: 'suspended', suspend_reason: 'overdue' });
    await payInvoice(em(), { invoiceId: firstOfTwice!.id, gateway: 'manual', reference: `late-${firstOfTwice!.id}` }, at('2026-07-05'));
    expect(await serviceRow(twice.serviceId)).toMatchObject({ status: 'active', suspend_reason: null, next_due_date: '2026-08-10' });
    expect((await eventsOf(twice.serviceId)).at(-1)).toEqual({
      from_status: 'suspended',
      to_status: 'active',
      note: `Unsuspended: invoice #${firstOfTwice!.id} paid.`,
    });

    for (const s of [overdue, staff]) {
      const [first] = await renewalsOf(s.serviceId);
      // Reported three times: lifted once.
      await Promise.all(
        [1, 2, 3].map(() => payInvoice(em(), { invoiceId: first!.id, gateway: 'test', reference: `pay-${first!.id}` }, at('2026-07-05'))),
      );
    }
    expect(await serviceRow(overdue.serviceId)).toMatchObject({ status: 'active', suspend_reason: null });
    expect(await serviceRow(staff.serviceId)).toMatchObject({ status: 'suspended', suspend_reason: 'staff' });
    const [paid] = await renewalsOf(overdue.serviceId);
    const lift = `service-action:${overdue.serviceId}:unsuspend:${paid!.id}`;
    expect((await actionsOf(overdue.serviceId)).map((a) => a.dedupe_key)).toEqual([
      `service-action:${overdue.serviceId}:suspend:due-${await invoiceDue(paid!.id)}`,
      lift,
    ]);
    expect((await eventsOf(overdue.serviceId)).filter((e) => e.to_status === 'active' && e.from_status === 'suspended')).toHaveLength(1);

    // Delivered as queued, the remote side follows; the staff suspension made no queued call.
    expect(await deliver(overdue.serviceId)).toEqual(['already-done', 'done']);
    expect(remote(overdue.serviceId)).toEqual(['create', 'suspend', 'unsuspend']);
    expect(hook.callsFor(lift)).toBe(1);
    expect(await actionsOf(staff.serviceId)).toHaveLength(1);
  });

  it('raced by three sweeps many times, ends consistent: a paid service is active and the remote side converges, whatever the delivery order', async () => {
    for (let i = 0; i < 12; i++) {
      const s = await activeService(pkg.web, `race${i}`, { day: '2026-03-05' });
      await renew('2026-03-29');
      const [invoice] = await renewalsOf(s.serviceId);
      expect(invoice!.due_date).toBe('2026-04-05');
      const pay = () => payInvoice(em(), { invoiceId: invoice!.id, gateway: 'manual', reference: `race-${invoice!.id}` }, at('2026-04-12'));
      // Payments start before the sweeps, among them, or after them (a suspension to lift).
      if (i % 3 === 0) await Promise.all([pay(), sweep('2026-04-12'), sweep('2026-04-12'), sweep('2026-04-12')]);
      else if (i % 3 === 1) await Promise.all([sweep('2026-04-12'), sweep('2026-04-12'), pay(), sweep('2026-04-12')]);
      else await sweep3('2026-04-12').then(pay);
      expect(await serviceRow(s.serviceId)).toMatchObject({ status: 'active', suspend_reason: null, next_due_date: '2026-05-05' });
      // A suspension that happened was lifted, with one plugin call each way.
      const verbs = (await actionsOf(s.serviceId)).map((a) => a.payload.verb);
      expect([[], ['suspend', 'unsuspend']]).toContainEqual(verbs);
      if (i % 3 === 2) expect(verbs).toEqual(['suspend', 'unsuspend']);
      // Delivered out of order and twice: the suspend arrives after the unsuspend and is skipped.
      await deliver(s.serviceId, 'reversed');
      await deliver(s.serviceId, 'reversed');
      const calls = remote(s.serviceId).slice(1);
      expect(calls).toEqual(verbs.length ? ['unsuspend'] : []);
    }
  });

  it('raced by the terminating sweep: either paid and running, or terminated with the invoice void and the payment refused', async () => {
    const outcomes = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const s = await activeService(pkg.web, `late${i}`, { day: '2026-01-07' });
      await renew('2026-02-01');
      const [invoice] = await renewalsOf(s.serviceId);
      const pay = () =>
        payInvoice(em(), { invoiceId: invoice!.id, gateway: 'manual', reference: `late-${invoice!.id}` }, at('2026-03-10')).then(
          () => 'paid',
          (err: Error) => err.message,
        );
      const paid = i % 3 === 2 ? await sweep3('2026-03-10').then(pay) : (await Promise.all([pay(), sweep3('2026-03-10')]))[0];
      const [after] = await renewalsOf(s.serviceId);
      const row = await serviceRow(s.serviceId);
      outcomes.add(`${after!.status}/${row.status}`);
      if (after!.status === 'paid') {
        expect(paid).toBe('paid');
        expect(row).toMatchObject({ status: 'active', next_due_date: '2026-03-07' });
      } else {
        expect(paid).toBe('This invoice was cancelled and can no longer be paid.');
        expect(after!.status).toBe('void');
        expect(row.status).toBe('terminated');
      }
    }
    // Sweeping first always terminates; a payment started first may win.
    expect(outcomes.has('void/terminated')).toBe(true);
  });
});

describe('overdue termination', () => {
  it('terminates after M days, voids its renewal invoices, returns the unit, and a queued suspend is skipped', async () => {
    const { serviceId, clientId } = await activeService(pkg.solo, 'eva');
    const rival = await newClient('fay');
    await expect(placeOrder(em(), { clientId: rival, packageId: pkg.solo, priceName: 'Monthly' }, at('2026-06-01'))).rejects.toThrow();
    await renew('2026-06-03');
    await renew('2026-07-03');
    const [first, second] = await renewalsOf(serviceId);
    expect([first!.due_date, second!.due_date]).toEqual(['2026-06-10', '2026-07-10']);

    await sweep('2026-07-09');
    expect(await serviceRow(serviceId)).toMatchObject({ status: 'suspended', suspend_reason: 'overdue' });
    await sweep3('2026-07-10');
    expect(await serviceRow(serviceId)).toMatchObject({ status: 'terminated', suspend_reason: null });
    expect((await eventsOf(serviceId)).filter((e) => e.to_status === 'terminated')).toHaveLength(1);
    expect((await eventsOf(serviceId)).at(-1)).toEqual({
      from_status: 'suspended',
      to_status: 'terminated',
      note: `Terminated: invoice #${first!.id} unpaid since 2026-06-10.`,
    });
    expect((await renewalsOf(serviceId)).map((i) => i.status)).toEqual(['void', 'void']);
    await expect(payInvoice(em(), { invoiceId: first!.id, gateway: 'manual', reference: 'too-late' }, at('2026-07-11'))).rejects.toThrow(
      'This invoice was cancelled',
    );
    expect((await serviceRow(serviceId)).status).toBe('terminated');

    // The unit is back: another client can order it.
    expect(await countHeld(em(), pkg.solo, at('2026-07-11'))).toBe(0);
    await placeOrder(em(), { clientId: rival, packageId: pkg.solo, priceName: 'Monthly' }, at('2026-07-11'));
    expect(clientId).not.toBe(rival);

    // The suspend queued on the 9th arrives after the terminate: skipped; the terminate runs once.
    expect(await deliver(serviceId)).toEqual(['superseded', 'done']);
    expect(await deliver(serviceId)).toEqual(['already-done', 'already-done']);
    expect(remote(serviceId)).toEqual(['create', 'terminate']);
    expect(hook.callsFor(`service-action:${serviceId}:terminate`)).toBe(1);
  });

  it('a shared renewal invoice: ending one service bills the others again without it, ending the last just voids; its credit comes back each time', async () => {
    const clientId = await newClient('gil');
    const a = await activeService(pkg.web, 'gil', { clientId, day: '2026-02-14' });
    const b = await activeService(pkg.web, 'gil', { clientId, day: '2026-02-14' });
    await addCredit(em(), clientId, { amount: '5', reason: 'Goodwill' }, at('2026-03-01'));
    await renew('2026-03-08');
    const [shared] = await renewalsOf(a.serviceId);
    expect((await renewalsOf(b.serviceId))[0]!.id).toBe(shared!.id);
    expect(
      (await sql<{ credit_applied: string }>('select credit_applied from invoice where id = ?', [shared!.id]))[0]!.credit_applied,
    ).toBe('5.0000');
    const balance = async () =>
      (await sql<{ credit_balance: string }>('select credit_balance from client where id = ?', [clientId]))[0]!.credit_balance;
    const lastEntry = async () =>
      (
        await sql<{ amount: string; reason: string }>('select amount, reason from credit_entry where client_id = ? order by id', [clientId])
      ).at(-1);

    // The client must not pay for the terminated service: the invoice goes, the live one is billed again.
    await changeServiceStatus(em(), a.serviceId, 'terminate', 'staff@x', appSecret, at('2026-03-09'));
    expect((await renewalsOf(b.serviceId)).map((i) => i.status)).toEqual(['void']);
    expect(await balance()).toBe('5.0000');
    expect(await lastEntry()).toEqual({
      amount: '5.0000',
      reason: `Returned from void invoice #${shared!.id}: a service on it ended; the others are billed again.`,
    });
    await renew('2026-03-09');
    const [, again] = await renewalsOf(b.serviceId);
    expect(again).toMatchObject({ status: 'unpaid', due_date: '2026-03-14' });
    expect(await sql('select service_id from invoice_line where invoice_id = ?', [again!.id])).toEqual([{ service_id: b.serviceId }]);
    expect(await balance()).toBe('0.0000');

    await changeServiceStatus(em(), b.serviceId, 'terminate', 'staff@x', appSecret, at('2026-03-10'));
    expect((await renewalsOf(b.serviceId)).map((i) => i.status)).toEqual(['void', 'void']);
    expect(await balance()).toBe('5.0000');
    expect(await lastEntry()).toEqual({ amount: '5.0000', reason: `Returned from void invoice #${again!.id}: its services ended.` });
    // Sweeping and billing later change nothing more.
    await sweep('2026-03-10');
    await renew('2026-03-10');
    expect(await balance()).toBe('5.0000');
    expect((await renewalsOf(b.serviceId)).map((i) => i.status)).toEqual(['void', 'void']);
  });
});

describe('end of term', () => {
  it('a client cancelling at the end of the term: ends on that day, never billed for the next period, terminated remotely once', async () => {
    const { serviceId, clientId } = await activeService(pkg.web, 'hal', { day: '2026-08-20' });
    expect(await requestCancellation(em(), clientId, serviceId, 'end_of_term', appSecret, at('2026-08-25'))).toEqual({
      cancelAt: '2026-09-20',
      ended: false,
    });
    await renew('2026-09-15');
    expect(await renewalsOf(serviceId)).toEqual([]);
    await sweep('2026-09-19');
    expect((await serviceRow(serviceId)).status).toBe('active');
    expect(await countHeld(em(), pkg.web, at('2026-09-21'), clientId)).toBe(1);
    await sweep3('2026-09-20');
    expect(await serviceRow(serviceId)).toMatchObject({ status: 'cancelled', cancel_at: '2026-09-20' });
    expect((await eventsOf(serviceId)).filter((e) => e.to_status === 'cancelled')).toEqual([
      { from_status: 'active', to_status: 'cancelled', note: 'Ended with its term on 2026-09-20, as cancelled.' },
    ]);
    expect(await countHeld(em(), pkg.web, at('2026-09-21'), clientId)).toBe(0);
    await renew('2026-10-15');
    expect(await renewalsOf(serviceId)).toEqual([]);
    await deliver(serviceId);
    await deliver(serviceId);
    expect(remote(serviceId)).toEqual(['create', 'terminate']);
    // Ending with the term costs no cancellation fee.
    expect(await sql(`select 1 from invoice_line where kind = 'cancellation' and service_id = ?`, [serviceId])).toEqual([]);
  });

  it('a renewal invoiced before the client cancels at the end of the term is voided at once', async () => {
    const { serviceId, clientId } = await activeService(pkg.web, 'ivy', { day: '2026-08-22' });
    await renew('2026-09-16');
    const [invoice] = await renewalsOf(serviceId);
    expect(invoice!.status).toBe('unpaid');
    await requestCancellation(em(), clientId, serviceId, 'end_of_term', appSecret, at('2026-09-17'));
    expect((await renewalsOf(serviceId))[0]!.status).toBe('void');
    await expect(payInvoice(em(), { invoiceId: invoice!.id, gateway: 'manual', reference: 'ivy' }, at('2026-09-18'))).rejects.toThrow(
      'cancelled',
    );
    expect((await serviceRow(serviceId)).next_due_date).toBe('2026-09-22');
  });

  it('a price that cancels at the end of its term sets the end date when the service is created; cancelling now stays possible', async () => {
    const { serviceId, clientId } = await activeService(pkg.trial, 'jon', { day: '2026-08-03' });
    expect(await serviceRow(serviceId)).toMatchObject({ cancel_at: '2026-09-03', next_due_date: '2026-09-03' });
    const [snap] = await sql<{ flag: boolean }>(
      `select (price_snapshot->'price'->>'cancelAtEndOfTerm')::boolean as flag from service where id = ?`,
      [serviceId],
    );
    expect(snap!.flag).toBe(true);
    expect((await eventsOf(serviceId))[0]!.note).toMatch(/ends with its term on 2026-09-03/);
    // Asking to cancel at the end of the term just confirms the date.
    const before = (await eventsOf(serviceId)).length;
    expect(await requestCancellation(em(), clientId, serviceId, 'end_of_term', appSecret, at('2026-08-10'))).toEqual({
      cancelAt: '2026-09-03',
      ended: false,
    });
    expect(await eventsOf(serviceId)).toHaveLength(before);
    await renew('2026-08-30');
    expect(await renewalsOf(serviceId)).toEqual([]);

    const other = await activeService(pkg.trial, 'kim', { day: '2026-08-03' });
    await requestCancellation(em(), other.clientId, other.serviceId, 'now', appSecret, at('2026-08-10'));
    expect((await serviceRow(other.serviceId)).status).toBe('cancelled');
    // With term left, the price's cancellation fee is invoiced.
    const [fee] = await sql<{ total: string; due_date: string }>(
      `select i.total, i.due_date::text as due_date from invoice i join invoice_line l on l.invoice_id = i.id where l.kind = 'cancellation' and l.service_id = ?`,
      [other.serviceId],
    );
    expect(fee).toEqual({ total: '4.0000', due_date: '2026-08-10' });

    await sweep('2026-09-03');
    expect((await serviceRow(serviceId)).status).toBe('cancelled');
  });
});

describe('queued plugin calls', () => {
  it('keeps a permanent refusal on the service for staff, retries a transient failure, and calls nothing for a service never created', async () => {
    const { serviceId } = await activeService(pkg.web, 'lou', { day: '2026-10-01' });
    await renew('2026-10-25');
    await sweep('2026-11-06');
    const [action] = await actionsOf(serviceId);
    const payload = action!.payload;
    hook.respondWith(503);
    await expect(runServiceAction(em(), { serviceId, verb: 'suspend', key: payload.key }, appSecret, at('2026-11-06'))).rejects.toThrow(
      'answered 503',
    );
    expect((await actionsOf(serviceId))[0]!.processed).toBe(false);
    hook.respondWith(422);
    expect(await runServiceAction(em(), { serviceId, verb: 'suspend', key: payload.key }, appSecret, at('2026-11-06'))).toBe('failed');
    hook.respondWith(200);
    expect((await serviceRow(serviceId)).last_error).toBe(
      'Could not suspend the service through Webhook: The endpoint refused suspend: 422 Unprocessable Entity.',
    );
    expect((await actionsOf(serviceId))[0]!.processed).toBe(true);
    expect(await runServiceAction(em(), { serviceId, verb: 'suspend', key: payload.key }, appSecret, at('2026-11-06'))).toBe(
      'already-done',
    );

    // A service that never got past pending has nothing remote to end.
    const clientId = await newClient('max');
    const { invoice } = await placeOrder(em(), { clientId, packageId: pkg.web, priceName: 'Monthly' }, at('2026-10-01'));
    await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `max-${invoice.id}` }, at('2026-10-01'));
    const [pending] = await sql<{ id: number }>('select id from service where client_id = ?', [clientId]);
    await sql(`update service set status = 'terminated' where id = ?`, [pending!.id]);
    const calls = hook.calls.length;
    expect(
      await runServiceAction(
        em(),
        { serviceId: pending!.id, verb: 'terminate', key: `service-action:${pending!.id}:terminate` },
        appSecret,
        at('2026-10-02'),
      ),
    ).toBe('not-provisioned');
    expect(hook.calls.length).toBe(calls);
  });

  it('a payment landing while the suspend call is in flight: the remote side still ends unsuspended', async () => {
    const { serviceId } = await activeService(pkg.web, 'oda', { day: '2026-10-01' });
    await renew('2026-10-25');
    await sweep('2026-11-06');
    const [invoice] = await renewalsOf(serviceId);
    const key = `service-action:${serviceId}:suspend:due-${await invoiceDue(invoice!.id)}`;
    hook.hang(400);
    try {
      const call = runServiceAction(em(), { serviceId, verb: 'suspend', key }, appSecret, at('2026-11-06'));
      await new Promise((r) => setTimeout(r, 100));
      await payInvoice(em(), { invoiceId: invoice!.id, gateway: 'manual', reference: `oda-${invoice!.id}` }, at('2026-11-06'));
      expect(await call).toBe('done');
    } finally {
      hook.hang(0);
    }
    // The suspend may have landed after the lift: the service's state now is queued to be said once more.
    const [, lift] = await actionsOf(serviceId);
    expect(lift!.dedupe_key).toBe(`service-action:${serviceId}:unsuspend:${invoice!.id}`);
    expect((await actionsOf(serviceId)).map((a) => [a.dedupe_key, a.processed])).toEqual([
      [key, true],
      [lift!.dedupe_key, false],
      [`${key}:then-unsuspend:${at('2026-11-06').getTime()}`, false],
    ]);
    // Whichever order the two unsuspend calls run in, the last word is unsuspend.
    expect(await deliver(serviceId, 'reversed')).toEqual(['done', 'done', 'already-done']);
    expect(hook.calls.filter((c) => (c.body.service as { id: number }).id === serviceId).map((c) => [c.event, c.key])).toEqual([
      ['create', `service-${serviceId}-create`],
      ['suspend', key],
      ['unsuspend', `${key}:then-unsuspend:${at('2026-11-06').getTime()}`],
      ['unsuspend', lift!.dedupe_key],
    ]);
  });

  it('runs a package change only once the change is applied, sending the package the service is on now', async () => {
    const { serviceId } = await activeService(pkg.web, 'ned', { day: '2026-10-01' });
    const change = async (status: string) =>
      (
        await sql<{ id: number }>(
          `insert into service_change (service_id, from_package_id, to_package_id, new_snapshot, period_start, period_end, effective_date, currency, credit, charge, net, status)
         values (?, ?, ?, '{}', '2026-10-01', '2026-11-01', '2026-10-05', 'USD', 0, 0, 0, ?) returning id`,
          [serviceId, pkg.web, pkg.solo, status],
        )
      )[0]!.id;
    const waiting = await change('awaiting_payment');
    const applied = await change('applied');
    expect(
      await runServiceAction(
        em(),
        { serviceId, verb: 'changePackage', changeId: waiting, key: `k-${waiting}` },
        appSecret,
        at('2026-10-05'),
      ),
    ).toBe('superseded');
    expect(
      await runServiceAction(
        em(),
        { serviceId, verb: 'changePackage', changeId: applied, key: `k-${applied}` },
        appSecret,
        at('2026-10-05'),
      ),
    ).toBe('done');
    const sent = hook.calls.filter((c) => c.key === `k-${applied}`);
    expect(sent.map((c) => [c.event, c.body.targetPackage])).toEqual([['changePackage', 'web']]);
    expect(hook.callsFor(`k-${waiting}`)).toBe(0);
  });
});
