// A service set to end with its term is kept running after all (the client changed their mind,
// or staff set it by mistake). Setting the end voided the renewal already invoiced for after it;
// keeping it must bill that renewal again, once, with its own due date, and bring back the add-ons
// that were to end with it, not those whose own end was asked for. On a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { addCredit } from '../../src/modules/invoicing/add-credit.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { requestCancellation } from '../../src/modules/services/request-cancellation.ts';
import { cancelAtEndOfTerm } from '../../src/modules/services/cancel-at-end-of-term.ts';
import { withdrawCancellation } from '../../src/modules/services/withdraw-cancellation.ts';
import { runLifecycleSweep } from '../../src/modules/services/run-lifecycle-sweep.ts';

const SECRET = 'withdraw-secret';
const STAFF = { staff: 'staff@example.com' };
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
    `keep-${++n}@example.com`,
    `Client ${n}`,
  ]);
  return c!.id;
}

async function activeService(clientId: number, packageId: number, day: string) {
  const { invoice } = await placeOrder(em(), { clientId, packageId, priceName: 'Monthly' }, at(day));
  await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `order-${invoice.id}` }, at(day));
  const [s] = await sql<{ id: number }>('select max(id) as id from service where client_id = ?', [clientId]);
  await sql(`update service set status = 'active' where id = ?`, [s!.id]);
  return s!.id;
}

const renew = (asOf: string) => runBillingNow(em(), asOf, at(asOf, '01:00:00'));

const renewalsOf = (clientId: number) =>
  sql<{ id: number; status: string; due_date: string; total: string; services: number[] }>(
    `select i.id, i.status, i.due_date::text as due_date, i.total,
            (select array_agg(l.service_id order by l.service_id) from invoice_line l where l.invoice_id = i.id) as services
       from invoice i where i.client_id = ? and i.order_id is null order by i.id`,
    [clientId],
  );
const ledgerOf = (serviceId: number) =>
  sql<{ period_start: string; period_end: string; status: string | null }>(
    `select sp.period_start::text as period_start, sp.period_end::text as period_end, i.status
       from service_period sp left join invoice i on i.id = sp.invoice_id where sp.service_id = ? order by sp.period_start`,
    [serviceId],
  );
const serviceRow = async (id: number) =>
  (
    await sql<{ status: string; next_due_date: string; cancel_at: string | null }>(
      'select status, next_due_date::text as next_due_date, cancel_at::text as cancel_at from service where id = ?',
      [id],
    )
  )[0]!;
const messagesOf = (clientId: number) =>
  sql<{ kind: string; subject: string; text: string }>(
    `select kind, subject, text from mail_message where client_id = ? and kind like 'cancellation%' order by id`,
    [clientId],
  );

/** The ledger has one period after another, no gap and none twice. */
function expectChained(ledger: { period_start: string; period_end: string }[]) {
  for (let i = 1; i < ledger.length; i++) expect(ledger[i]!.period_start).toBe(ledger[i - 1]!.period_end);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
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

describe('keeping a service set to end with its term running', () => {
  it('bills again, once, the renewal its end voided, due on its own day; the client is told; paid, it renews on', async () => {
    const clientId = await newClient();
    const id = await activeService(clientId, web, '2026-04-10');
    await renew('2026-05-04');
    const [first] = await renewalsOf(clientId);
    expect(first).toMatchObject({ status: 'unpaid', due_date: '2026-05-10', services: [id] });
    await requestCancellation(em(), clientId, id, 'end_of_term', SECRET, at('2026-05-05'));
    expect((await renewalsOf(clientId))[0]!.status).toBe('void');

    expect(await withdrawCancellation(em(), id, { clientId }, at('2026-05-06'))).toEqual({ renewsOn: '2026-05-10' });
    expect(await serviceRow(id)).toEqual({ status: 'active', next_due_date: '2026-05-10', cancel_at: null });
    await renew('2026-05-06');
    await renew('2026-05-06');
    const invoices = await renewalsOf(clientId);
    expect(invoices.map((i) => [i.status, i.due_date, i.total, i.services])).toEqual([
      ['void', '2026-05-10', '20.0000', [id]],
      ['unpaid', '2026-05-10', '20.0000', [id]],
    ]);
    const ledger = await ledgerOf(id);
    expectChained(ledger);
    expect(ledger.at(-1)).toEqual({ period_start: '2026-05-10', period_end: '2026-06-10', status: 'unpaid' });

    // The end date's sweep ends nothing now; paying renews it.
    await runLifecycleSweep(em(), '2026-05-10', at('2026-05-10', '03:00:00'));
    expect((await serviceRow(id)).status).toBe('active');
    await payInvoice(em(), { invoiceId: invoices[1]!.id, gateway: 'manual', reference: `again-${invoices[1]!.id}` }, at('2026-05-09'));
    expect(await serviceRow(id)).toMatchObject({ status: 'active', next_due_date: '2026-06-10' });

    const told = await messagesOf(clientId);
    expect(told.map((m) => m.kind)).toEqual(['cancellation_confirmed', 'cancellation_withdrawn']);
    expect(told[1]!.subject).toBe(`Your service continues: Web (#${id})`);
    expect(told[1]!.text.replace(/\s+/g, ' ')).toContain('keeps running and renews on 2026-05-10 as before');
    expect(told[0]!.text.replace(/\s+/g, ' ')).toContain(
      `This confirms the cancellation of Web (#${id}). The service ends on 2026-05-10 and will not renew.`,
    );
  });

  it('bills on its own invoice a period its end took off a renewal shared with the client’s other service', async () => {
    const clientId = await newClient();
    const ended = await activeService(clientId, web, '2026-04-12');
    const live = await activeService(clientId, mail, '2026-04-12');
    await addCredit(em(), clientId, { amount: '3', reason: 'Goodwill' }, at('2026-04-12'));
    await renew('2026-05-06');
    await cancelAtEndOfTerm(em(), ended, 'staff@example.com', at('2026-05-07'));
    await renew('2026-05-07'); // the other service billed again, alone
    await withdrawCancellation(em(), ended, STAFF, at('2026-05-08'));
    await renew('2026-05-08');
    await renew('2026-05-08');
    const invoices = await renewalsOf(clientId);
    expect(invoices.map((i) => [i.status, i.due_date, i.services])).toEqual([
      ['void', '2026-05-12', [ended, live]],
      ['unpaid', '2026-05-12', [live]],
      ['unpaid', '2026-05-12', [ended]],
    ]);
    for (const s of [ended, live]) {
      const ledger = await ledgerOf(s);
      expectChained(ledger);
      expect(ledger.filter((p) => p.period_start === '2026-05-12')).toEqual([
        { period_start: '2026-05-12', period_end: '2026-06-12', status: 'unpaid' },
      ]);
    }
  });

  it('brings back the add-ons ending with it, not one whose own end was asked for; an add-on alone is refused while its service ends', async () => {
    const clientId = await newClient();
    const parent = await activeService(clientId, web, '2026-04-14');
    const follows = await activeService(clientId, mail, '2026-04-14');
    const own = await activeService(clientId, mail, '2026-04-14');
    await sql('update service set parent_id = ? where id in (?, ?)', [parent, follows, own]);
    await cancelAtEndOfTerm(em(), own, 'staff@example.com', at('2026-04-20'));
    await cancelAtEndOfTerm(em(), parent, 'staff@example.com', at('2026-04-21'));
    expect((await serviceRow(follows)).cancel_at).toBe('2026-05-14');
    await expect(withdrawCancellation(em(), follows, STAFF, at('2026-04-22'))).rejects.toThrow(
      `It ends with service #${parent}; keep that one running instead.`,
    );
    await withdrawCancellation(em(), parent, STAFF, at('2026-04-22'));
    expect((await serviceRow(parent)).cancel_at).toBeNull();
    expect((await serviceRow(follows)).cancel_at).toBeNull();
    expect((await serviceRow(own)).cancel_at).toBe('2026-05-14');
    // The renewal bills the service with the add-on that follows it, not the one ending on its own.
    await renew('2026-05-10');
    const [renewal] = (await renewalsOf(clientId)).filter((i) => i.status === 'unpaid');
    expect(renewal!.services).toEqual([parent, follows]);
    // Its own end withdrawn now would leave that term unbilled (an add-on is billed only on its service's renewal): refused.
    await expect(withdrawCancellation(em(), own, STAFF, at('2026-05-11'))).rejects.toThrow(
      `Service #${parent} is already invoiced past 2026-05-14 without it; order it again as a new add-on.`,
    );
    expect((await serviceRow(own)).cancel_at).toBe('2026-05-14');
  });

  it('keeps an add-on’s own end withdrawn before its service’s renewal is billed, and the renewal then bills both', async () => {
    const clientId = await newClient();
    const parent = await activeService(clientId, web, '2026-04-15');
    const own = await activeService(clientId, mail, '2026-04-15');
    await sql('update service set parent_id = ? where id = ?', [parent, own]);
    await cancelAtEndOfTerm(em(), own, 'staff@example.com', at('2026-04-20'));
    await withdrawCancellation(em(), own, STAFF, at('2026-04-23'));
    expect((await serviceRow(own)).cancel_at).toBeNull();
    await renew('2026-05-11');
    expect((await renewalsOf(clientId)).filter((i) => i.status === 'unpaid').map((i) => [i.due_date, i.services])).toEqual([
      ['2026-05-15', [parent, own]],
    ]);
  });

  it('refuses what is no request to withdraw or too late, and another client’s service', async () => {
    const clientId = await newClient();
    const t = await activeService(clientId, trial, '2026-04-16');
    expect((await serviceRow(t)).cancel_at).toBe('2026-05-16');
    await expect(withdrawCancellation(em(), t, STAFF, at('2026-04-20'))).rejects.toThrow('Its price ends with its first term');
    const id = await activeService(clientId, web, '2026-04-16');
    await expect(withdrawCancellation(em(), id, STAFF, at('2026-04-20'))).rejects.toThrow('This service is not set to end.');
    await cancelAtEndOfTerm(em(), id, 'staff@example.com', at('2026-04-20'));
    await expect(withdrawCancellation(em(), id, { clientId: await newClient() }, at('2026-04-20'))).rejects.toThrow('That service');
    await expect(withdrawCancellation(em(), id, STAFF, at('2026-05-16'))).rejects.toThrow('Its term is over: it ends today.');
    await runLifecycleSweep(em(), '2026-05-16', at('2026-05-16', '03:00:00'));
    await expect(withdrawCancellation(em(), id, STAFF, at('2026-05-17'))).rejects.toThrow('A cancelled service cannot be kept running.');
  });

  it('withdrawn twice at once, and racing a billing run: kept once, told once, and its renewal billed once', async () => {
    const clientId = await newClient();
    const id = await activeService(clientId, web, '2026-04-18');
    await renew('2026-05-12');
    await requestCancellation(em(), clientId, id, 'end_of_term', SECRET, at('2026-05-13'));
    const results = await Promise.allSettled([
      withdrawCancellation(em(), id, STAFF, at('2026-05-14')),
      withdrawCancellation(em(), id, { clientId }, at('2026-05-14')),
      renew('2026-05-14'),
    ]);
    const [a, b] = results;
    expect([a, b].filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect([a, b].find((r) => r.status === 'rejected')?.reason?.message).toMatch(/not set to end|changed meanwhile/);
    await renew('2026-05-14');
    await renew('2026-05-14');
    const invoices = await renewalsOf(clientId);
    expect(invoices.filter((i) => i.status === 'unpaid').map((i) => [i.due_date, i.services])).toEqual([['2026-05-18', [id]]]);
    expectChained(await ledgerOf(id));
    expect((await messagesOf(clientId)).map((m) => m.kind)).toEqual(['cancellation_confirmed', 'cancellation_withdrawn']);
  });
});
