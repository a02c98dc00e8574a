import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, ORIGIN, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { runBillingNow } from '../../../src/modules/billing/run-billing-now.ts';
import { billingFixtures } from '../../integration/billing-runs-fixtures.ts';
import { addMonthlyPrice, makePackage, seedBasics, textOf } from '../fixtures.ts';
import { createApp } from '../../../src/app.ts';
import { Client as StaffBrowser } from '../../helpers/app.ts';
import { activeService, scalingStore } from '../../integration/scaling-fixtures.ts';

// "Void invoice" on the staff invoice page: an order's invoice cancels the order and releases its
// units; a renewal's periods are billed again by the next run; a paid invoice and the support
// role change nothing.

let t: TestApp;
let owner: Client;
let support: Client;
let token: string;
let packageId: number;
let clientId: number;

const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  packageId = await makePackage(t, catalogId, 'Void Hosting', { stock: 1 });
  await addMonthlyPrice(t, packageId, '30.00');
  const [c] = await sql<{ id: number }>(
    `insert into client (email, name, country, currency) values ('void@example.com', 'Vic Void', 'DE', 'USD') returning id`,
  );
  clientId = c!.id;
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
  token = await apiToken(t, 'owner');
});
afterAll(() => t.close());

async function placeOrder() {
  const res = await t.app.request(`${ORIGIN}/api/v1/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, packageId, priceName: 'Monthly' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { data: { orderId: number; invoiceId: number } }).data;
}

describe('voiding an invoice', () => {
  it('cancels the order of an order’s invoice and frees its unit; the support role and a second void change nothing', async () => {
    const { orderId, invoiceId } = await placeOrder();
    const page = await textOf(await owner.get(`/admin/invoices/${invoiceId}`));
    expect(page).toContain(`action="/admin/invoices/${invoiceId}/void"`);
    expect(page).toContain('hx-confirm="Void invoice');
    expect(await (await support.get(`/admin/invoices/${invoiceId}`)).text()).not.toContain('/void"');
    expect((await support.post(`/admin/invoices/${invoiceId}/void`, { confirmed: '1' })).status).toBe(403);
    expect((await sql<{ status: string }>('select status from invoice where id = ?', [invoiceId]))[0]!.status).toBe('unpaid');
    const res = await owner.post(`/admin/invoices/${invoiceId}/void`, { confirmed: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/invoices/${invoiceId}?done=voided`);
    expect((await sql<{ status: string }>('select status from invoice where id = ?', [invoiceId]))[0]!.status).toBe('void');
    expect((await sql<{ status: string }>('select status from client_order where id = ?', [orderId]))[0]!.status).toBe('cancelled');
    expect(await sql('select 1 from stock_reservation where order_id = ? and status = ?', [orderId, 'live'])).toEqual([]);
    expect(await textOf(await owner.get(`/admin/invoices/${invoiceId}?done=voided`))).toContain('Invoice voided');
    // The one unit is free again: a second order gets it.
    await placeOrder();
    const again = await owner.post(`/admin/invoices/${invoiceId}/void`, { confirmed: '1' });
    expect(again.headers.get('location')).toBe(`/admin/invoices/${invoiceId}?done=not-unpaid`);
    expect((await owner.post('/admin/invoices/999999/void')).status).toBe(404);
  });

  it('without JavaScript, asks with a page of its own first (the list row and the invoice page alike); a reload goes back', async () => {
    // The order the first test placed last, still unpaid (the package's one unit is its).
    const [{ invoiceId }] = (await sql<{ invoiceId: number }>(
      `select id as "invoiceId" from invoice where status = 'unpaid' and order_id is not null order by id desc limit 1`,
    )) as [{ invoiceId: number }];
    const list = await textOf(await owner.get('/admin/invoices?status=unpaid'));
    expect(list).toContain('Nothing is owed on it any more; whatever waited on it is undone');
    const asked = await owner.post(`/admin/invoices/${invoiceId}/void`);
    expect(asked.status).toBe(200);
    const question = await textOf(asked);
    expect(question).toMatch(/<h1>Void invoice INV-[\d-]+\?<\/h1>/);
    expect(question).toContain('Nothing is owed on it any more: its order is cancelled and what it holds goes back on sale.');
    expect(question).toContain(`<form method="post" action="/admin/invoices/${invoiceId}/void">`);
    expect(question).toContain('<input type="hidden" name="confirmed" value="1"/>');
    expect((await sql<{ status: string }>('select status from invoice where id = ?', [invoiceId]))[0]!.status).toBe('unpaid');
    const reload = await owner.get(`/admin/invoices/${invoiceId}/void`);
    expect(reload.headers.get('location')).toBe(`/admin/invoices/${invoiceId}`);
    expect((await owner.post(`/admin/invoices/${invoiceId}/void`, { confirmed: '1' })).headers.get('location')).toBe(
      `/admin/invoices/${invoiceId}?done=voided`,
    );
  });

  it('puts a renewal invoice’s periods back, so the next run bills them again', async () => {
    const f = billingFixtures(t.orm);
    const service = await f.service(clientId, packageId, { due: '2026-03-05', amount: '10.0000' });
    await runBillingNow(t.em(), '2026-03-01', new Date('2026-03-01T10:00:00Z'));
    const [first] = await sql<{ invoice_id: number }>(`select invoice_id from invoice_line where service_id = ? and kind = 'renewal'`, [
      service,
    ]);
    expect((await owner.post(`/admin/invoices/${first!.invoice_id}/void`, { confirmed: '1' })).status).toBe(303);
    expect(await sql('select 1 from service_period where service_id = ?', [service])).toEqual([]);
    await runBillingNow(t.em(), '2026-03-01', new Date('2026-03-01T11:00:00Z'));
    const lines = await sql<{ invoice_id: number; status: string }>(
      `select l.invoice_id, i.status from invoice_line l join invoice i on i.id = l.invoice_id where l.service_id = ? and l.kind = 'renewal' order by l.invoice_id`,
      [service],
    );
    expect(lines.map((l) => l.status)).toEqual(['void', 'unpaid']);
  });

  it('refuses a paid invoice and one it cannot undo, saying why', async () => {
    const [paid] = await sql<{ id: number }>(
      `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date, paid_at) values (?, 'paid', 'USD', 5, 0, 5, '2026-02-01', now()) returning id`,
      [clientId],
    );
    expect((await owner.post(`/admin/invoices/${paid!.id}/void`, { confirmed: '1' })).headers.get('location')).toBe(
      `/admin/invoices/${paid!.id}?done=not-unpaid`,
    );
    const [odd] = await sql<{ id: number }>(
      `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'USD', 5, 0, 5, '2026-02-01') returning id`,
      [clientId],
    );
    await sql(`insert into invoice_line (invoice_id, kind, description, amount) values (?, 'cancellation', 'Fee', 5)`, [odd!.id]);
    const res = await owner.post(`/admin/invoices/${odd!.id}/void`, { confirmed: '1' });
    expect(res.status).toBe(409);
    expect(await textOf(res)).toContain('can be voided here');
    expect((await sql<{ status: string }>('select status from invoice where id = ?', [odd!.id]))[0]!.status).toBe('unpaid');
  });

  it('cancels the package change an invoice was raised for', async () => {
    const em = () => t.em();
    const store = await scalingStore(em);
    const app = createApp({ orm: t.orm, config: t.config, now: () => new Date('2026-01-17T10:00:00Z') });
    const staff = Object.assign(new StaffBrowser({ ...t, app }), { cookie: owner.cookie, csrf: owner.csrf });
    const { serviceId } = await activeService(em, sql, store.basic, '2026-01-01');
    const form = { shown: String(store.plus), packageId: String(store.plus), priceName: 'Monthly' };
    const confirmed = await staff.post(`/admin/services/${serviceId}/change/confirm`, {
      ...form,
      expectedNet: '7.2581',
      expectedTotal: '8.6400',
      expectedCurrency: 'USD',
      effectiveDate: '2026-01-17',
    });
    const invoiceId = Number(/^\/admin\/invoices\/(\d+)\?done=change$/.exec(confirmed.headers.get('location') ?? '')?.[1]);
    expect(invoiceId).toBeGreaterThan(0);
    expect((await staff.post(`/admin/invoices/${invoiceId}/void`, { confirmed: '1' })).status).toBe(303);
    expect(await sql('select status from service_change where service_id = ?', [serviceId])).toEqual([{ status: 'void' }]);
    expect(await sql('select status from invoice where id = ?', [invoiceId])).toEqual([{ status: 'void' }]);
  });
});
