// One service of a client ends while a renewal invoice it shares with the client's other services
// is unpaid (grouped renewals, the default): the client must never pay for the ended service's
// period. The shared invoice is voided with its credit given back, and the next run bills the live
// services' periods again on a new invoice, with the same due date, so the overdue sweep still
// counts from the date the client always had. Every way a service ends, on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveBillingSettings } from '../../src/modules/settings/billing-settings.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { addCredit } from '../../src/modules/invoicing/add-credit.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { changeServiceStatus } from '../../src/modules/services/change-service-status.ts';
import { requestCancellation } from '../../src/modules/services/request-cancellation.ts';
import { runLifecycleSweep } from '../../src/modules/services/run-lifecycle-sweep.ts';

const SECRET = 'shared-renewal-secret';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let web: number;
let mail: number;
let trial: number;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const at = (day: string, time = '09:00:00') => new Date(`${day}T${time}Z`);
let n = 0;

async function newClient() {
  const [c] = await sql<{ id: number }>(`insert into client (email, name, currency) values (?, ?, 'USD') returning id`, [
    `shared-${++n}@example.com`,
    `Client ${n}`,
  ]);
  return c!.id;
}

/** An active monthly service (no provisioning plugin: managed by hand) ordered and paid on `day`. */
async function activeService(clientId: number, packageId: number, day: string) {
  const { invoice } = await placeOrder(em(), { clientId, packageId, priceName: 'Monthly' }, at(day));
  await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `order-${invoice.id}` }, at(day));
  const [s] = await sql<{ id: number }>('select max(id) as id from service where client_id = ?', [clientId]);
  await sql(`update service set status = 'active' where id = ?`, [s!.id]);
  return s!.id;
}

const renew = (asOf: string) => runBillingNow(em(), asOf, at(asOf, '01:00:00'));
const sweep = (day: string) => runLifecycleSweep(em(), day, at(day, '03:00:00'));

const renewalsOf = (clientId: number) =>
  sql<{ id: number; status: string; due_date: string; total: string; credit_applied: string; services: number[] }>(
    `select i.id, i.status, i.due_date::text as due_date, i.total, i.credit_applied,
            (select array_agg(l.service_id order by l.service_id) from invoice_line l where l.invoice_id = i.id) as services
       from invoice i where i.client_id = ? and i.order_id is null order by i.id`,
    [clientId],
  );
/** Every period of a service in the ledger, oldest first, with the status of its invoice. */
const ledgerOf = (serviceId: number) =>
  sql<{ period_start: string; period_end: string; status: string }>(
    `select sp.period_start::text as period_start, sp.period_end::text as period_end, i.status
       from service_period sp left join invoice i on i.id = sp.invoice_id where sp.service_id = ? order by sp.period_start`,
    [serviceId],
  );
const balanceOf = async (clientId: number) =>
  (await sql<{ b: string }>('select credit_balance as b from client where id = ?', [clientId]))[0]!.b;
const serviceRow = async (id: number) =>
  (
    await sql<{ status: string; suspend_reason: string | null; next_due_date: string; billed_until: string | null }>(
      'select status, suspend_reason, next_due_date::text as next_due_date, billed_until::text as billed_until from service where id = ?',
      [id],
    )
  )[0]!;

/**
 * A client with a web (20.00) and a mail (5.00) service ordered on `day`, 3.00 of credit, and the
 * renewal run that bills both on one invoice (the credit spent on it).
 */
async function sharedRenewal(day: string, runOn: string) {
  const clientId = await newClient();
  const ended = await activeService(clientId, web, day);
  const live = await activeService(clientId, mail, day);
  await addCredit(em(), clientId, { amount: '3', reason: 'Goodwill' }, at(day));
  await renew(runOn);
  const [shared] = await renewalsOf(clientId);
  expect(shared).toMatchObject({ status: 'unpaid', total: '25.0000', credit_applied: '3.0000', services: [ended, live] });
  expect(await balanceOf(clientId)).toBe('0.0000');
  return { clientId, ended, live, shared: shared! };
}

/**
 * What must hold once a service on a shared renewal ended and the next run went: the shared
 * invoice void with its credit back, then spent on a new invoice billing only the live service,
 * due the same day; the live service's ledger without a gap or a duplicate; the ended one's period not billed.
 */
async function expectBilledAgain(s: Awaited<ReturnType<typeof sharedRenewal>>, runOn: string, periodStart: string, periodEnd: string) {
  const [voided] = await renewalsOf(s.clientId);
  expect(voided).toMatchObject({ id: s.shared.id, status: 'void' });
  expect(await balanceOf(s.clientId)).toBe('3.0000');
  const [entry] = await sql<{ amount: string; reason: string; invoice_id: number }>(
    'select amount, reason, invoice_id from credit_entry where client_id = ? and amount > 0 order by id desc limit 1',
    [s.clientId],
  );
  expect(entry).toEqual({
    amount: '3.0000',
    reason: `Returned from void invoice #${s.shared.id}: a service on it ended; the others are billed again.`,
    invoice_id: s.shared.id,
  });
  await expect(payInvoice(em(), { invoiceId: s.shared.id, gateway: 'manual', reference: `old-${s.shared.id}` }, at(runOn))).rejects.toThrow(
    'cancelled',
  );

  await renew(runOn);
  const invoices = await renewalsOf(s.clientId);
  expect(invoices).toHaveLength(2);
  expect(invoices[1]).toMatchObject({
    status: 'unpaid',
    due_date: periodStart,
    total: '5.0000',
    credit_applied: '3.0000',
    services: [s.live],
  });
  expect(await balanceOf(s.clientId)).toBe('0.0000');
  // Running again bills nothing twice.
  await renew(runOn);
  expect(await renewalsOf(s.clientId)).toHaveLength(2);

  const ledger = await ledgerOf(s.live);
  expect(ledger.at(-1)).toEqual({ period_start: periodStart, period_end: periodEnd, status: 'unpaid' });
  for (let i = 1; i < ledger.length; i++) expect(ledger[i]!.period_start).toBe(ledger[i - 1]!.period_end);
  expect((await ledgerOf(s.ended)).filter((p) => p.period_start >= periodStart)).toEqual([]);
  expect((await serviceRow(s.live)).billed_until).toBe(periodEnd);
  return invoices[1]!;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveBillingSettings(em(), { suspendAfterDays: '5', terminateAfterDays: '30' });
  const { id: catalogId } = await createCatalog(em(), { name: 'Hosting' });
  const make = async (name: string, price: string, extra: Record<string, unknown> = {}) => {
    const { id } = await createPackage(em(), { catalogId, name });
    await savePrice(em(), id, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price,
      ...extra,
    });
    return id;
  };
  web = await make('Web', '20');
  mail = await make('Mail', '5');
  trial = await make('Trial', '20', { cancelAtEndOfTerm: '1' });
});
afterAll(() => db.drop());

describe('a service on a shared renewal invoice ends', () => {
  it('cancelled at the end of its term: the next run bills only the other service, and the term ends without a bill', async () => {
    const s = await sharedRenewal('2026-04-10', '2026-05-04');
    expect(await requestCancellation(em(), s.clientId, s.ended, 'end_of_term', SECRET, at('2026-05-05'))).toEqual({
      cancelAt: '2026-05-10',
      ended: false,
    });
    const again = await expectBilledAgain(s, '2026-05-05', '2026-05-10', '2026-06-10');

    await sweep('2026-05-10');
    expect((await serviceRow(s.ended)).status).toBe('cancelled');
    expect((await renewalsOf(s.clientId)).map((i) => i.status)).toEqual(['void', 'unpaid']);
    await payInvoice(em(), { invoiceId: again.id, gateway: 'manual', reference: `again-${again.id}` }, at('2026-05-11'));
    expect(await serviceRow(s.live)).toMatchObject({ status: 'active', next_due_date: '2026-06-10' });
    await renew('2026-06-05');
    const last = (await renewalsOf(s.clientId)).at(-1)!;
    expect(last).toMatchObject({ due_date: '2026-06-10', services: [s.live] });
  });

  it('cancelled now by the client', async () => {
    const s = await sharedRenewal('2026-04-12', '2026-05-06');
    await requestCancellation(em(), s.clientId, s.ended, 'now', SECRET, at('2026-05-07'));
    expect((await serviceRow(s.ended)).status).toBe('cancelled');
    await expectBilledAgain(s, '2026-05-07', '2026-05-12', '2026-06-12');
  });

  it('terminated by staff', async () => {
    const s = await sharedRenewal('2026-04-14', '2026-05-08');
    await changeServiceStatus(em(), s.ended, 'terminate', 'staff@example.com', SECRET, at('2026-05-09'));
    expect((await serviceRow(s.ended)).status).toBe('terminated');
    await expectBilledAgain(s, '2026-05-09', '2026-05-14', '2026-06-14');
  });

  it('ended with its term by the sweep, after a renewal run billed the period past the end alongside the other service', async () => {
    const s = await sharedRenewal('2026-04-16', '2026-05-10');
    // The end date committed by a request that raced the run and did not see its invoice.
    await sql(`update service set cancel_at = '2026-05-16' where id = ?`, [s.ended]);
    await sweep('2026-05-15');
    expect((await renewalsOf(s.clientId))[0]!.status).toBe('unpaid');
    const counts = await sweep('2026-05-16');
    expect(counts).toMatchObject({ ended: 1, voided: 1 });
    expect((await serviceRow(s.ended)).status).toBe('cancelled');
    await expectBilledAgain(s, '2026-05-16', '2026-05-16', '2026-06-16');
  });

  it('a price that ends with its term is never billed past it, so its shared invoices are not touched', async () => {
    const clientId = await newClient();
    const ending = await activeService(clientId, trial, '2026-04-18');
    const live = await activeService(clientId, mail, '2026-04-18');
    await renew('2026-05-12');
    expect((await renewalsOf(clientId)).map((i) => i.services)).toEqual([[live]]);
    await sweep('2026-05-18');
    expect((await serviceRow(ending)).status).toBe('cancelled');
    expect((await renewalsOf(clientId)).map((i) => i.status)).toEqual(['unpaid']);
  });
});

describe('the overdue sweep after a shared invoice is billed again', () => {
  it('terminating an overdue service bills the other again with its old due date, so it is suspended and terminated on the days it always would be', async () => {
    const clientId = await newClient();
    const late = await activeService(clientId, web, '2026-01-10');
    const other = await activeService(clientId, mail, '2026-02-10');
    await renew('2026-02-05');
    await renew('2026-03-05');
    const invoices = await renewalsOf(clientId);
    expect(invoices.map((i) => [i.due_date, i.services])).toEqual([
      ['2026-02-10', [late]],
      ['2026-03-10', [late, other]],
    ]);
    // Thirty days after Feb 10 the late service is terminated; its shared March invoice goes.
    const counts = await sweep('2026-03-12');
    expect(counts.terminated).toBe(1);
    expect((await serviceRow(late)).status).toBe('terminated');
    expect((await serviceRow(other)).status).toBe('active');
    expect((await renewalsOf(clientId)).map((i) => i.status)).toEqual(['void', 'void']);

    await renew('2026-03-12');
    const again = (await renewalsOf(clientId)).at(-1)!;
    expect(again).toMatchObject({ status: 'unpaid', due_date: '2026-03-10', services: [other] });
    // Suspended five days after Mar 10, as before, not five days after the new invoice.
    await sweep('2026-03-14');
    expect((await serviceRow(other)).status).toBe('active');
    await sweep('2026-03-15');
    expect(await serviceRow(other)).toMatchObject({ status: 'suspended', suspend_reason: 'overdue' });
    // Terminated thirty days after Mar 10.
    await sweep('2026-04-08');
    expect((await serviceRow(other)).status).toBe('suspended');
    await sweep('2026-04-09');
    expect((await serviceRow(other)).status).toBe('terminated');
    const [event] = await sql<{ note: string }>(`select note from service_event where service_id = ? and to_status = 'terminated'`, [
      other,
    ]);
    expect(event!.note).toBe(`Terminated: invoice #${again.id} unpaid since 2026-03-10.`);
  });

  it('a service already suspended for the shared invoice stays suspended and is terminated thirty days after the original due date', async () => {
    const clientId = await newClient();
    const ended = await activeService(clientId, web, '2026-06-03');
    const live = await activeService(clientId, mail, '2026-06-03');
    await renew('2026-06-28');
    await sweep('2026-07-08');
    expect(await serviceRow(live)).toMatchObject({ status: 'suspended', suspend_reason: 'overdue' });
    expect(await serviceRow(ended)).toMatchObject({ status: 'suspended', suspend_reason: 'overdue' });

    await requestCancellation(em(), clientId, ended, 'now', SECRET, at('2026-07-09'));
    await renew('2026-07-09');
    const [, again] = await renewalsOf(clientId);
    expect(again).toMatchObject({ status: 'unpaid', due_date: '2026-07-03', services: [live] });
    expect(await serviceRow(live)).toMatchObject({ status: 'suspended', suspend_reason: 'overdue' });

    // No fresh grace: the thirty days still run from Jul 3.
    await sweep('2026-08-01');
    expect((await serviceRow(live)).status).toBe('suspended');
    await sweep('2026-08-02');
    expect((await serviceRow(live)).status).toBe('terminated');
    expect((await renewalsOf(clientId)).map((i) => i.status)).toEqual(['void', 'void']);
  });

  it('paying the invoice billed again lifts the overdue suspension and moves the service on one period', async () => {
    const clientId = await newClient();
    const ended = await activeService(clientId, web, '2026-06-05');
    const live = await activeService(clientId, mail, '2026-06-05');
    await renew('2026-06-30');
    await sweep('2026-07-10');
    expect((await serviceRow(live)).status).toBe('suspended');
    await changeServiceStatus(em(), ended, 'terminate', 'staff@example.com', SECRET, at('2026-07-11'));
    await renew('2026-07-11');
    const [, again] = await renewalsOf(clientId);
    expect(again).toMatchObject({ due_date: '2026-07-05', services: [live] });
    await payInvoice(em(), { invoiceId: again!.id, gateway: 'manual', reference: `again-${again!.id}` }, at('2026-07-12'));
    expect(await serviceRow(live)).toMatchObject({ status: 'active', suspend_reason: null, next_due_date: '2026-08-05' });
  });
});
