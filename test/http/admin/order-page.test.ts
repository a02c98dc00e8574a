import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, ORIGIN, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { createServicesForOrder } from '../../../src/modules/services/create-services-for-order.ts';
import { addMonthlyPrice, makePackage, seedBasics, textOf } from '../fixtures.ts';

// Staff's order page (/admin/orders/:id): what was ordered and by whom, its invoice, the services
// it became; "Cancel order" for an unpaid one (its invoice voided, its units and coupon use back);
// links to it from the lists and pages that name an order; junk, the support role, and a payment
// racing the cancellation.

let t: TestApp;
let owner: Client;
let support: Client;
let token: string;
let packageId: number;
let clientId: number;

const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
const one = async <T>(q: string, p: unknown[] = []) => (await sql<T>(q, p))[0]!;

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  packageId = await makePackage(t, catalogId, 'Order Page Hosting', { stock: 100, allowQuantity: true });
  await addMonthlyPrice(t, packageId, '30.00');
  clientId = (
    await one<{ id: number }>(
      `insert into client (email, name, country, currency, credit_balance) values ('orders@example.com', 'Olga Order', 'DE', 'USD', 0) returning id`,
    )
  ).id;
  await sql(`insert into coupon (code, kind, percent) values ('TENOFF', 'percent', 10)`);
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
  token = await apiToken(t, 'owner');
});
afterAll(() => t.close());

async function api(method: string, path: string, body?: unknown) {
  const res = await t.app.request(`${ORIGIN}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as { data: any } };
}

async function placeOrder(extra: Record<string, unknown> = {}) {
  const res = await api('POST', '/orders', { clientId, packageId, priceName: 'Monthly', ...extra });
  expect(res.status).toBe(201);
  return res.json.data as { orderId: number; invoiceId: number };
}

const liveUnits = async (orderId: number) =>
  Number(
    (
      await one<{ n: string }>(`select coalesce(sum(quantity), 0) as n from stock_reservation where order_id = ? and status = 'live'`, [
        orderId,
      ])
    ).n,
  );

describe('the staff order page', () => {
  it('shows an unpaid order: its client, its items, its coupon, its invoice, how long its units are held, and Cancel', async () => {
    const { orderId, invoiceId } = await placeOrder({ quantity: 2, couponCode: 'tenoff' });
    const page = await textOf(await owner.get(`/admin/orders/${orderId}`));
    expect(page).toContain(`<title>Order #${orderId}`);
    expect(page).toContain(`href="/admin/clients/${clientId}">Olga Order</a>`);
    expect(page).toContain(`href="/admin/packages/${packageId}">Order Page Hosting</a>`);
    expect(page).toMatch(/<td>Monthly<\/td>\s*<td class="num">2<\/td>/);
    expect(page).toContain('Created when paid');
    expect(page).toContain('<code>TENOFF</code>');
    expect(page).not.toContain('(staff)');
    expect(page).toContain('Units held until');
    expect(page).toContain(`href="/admin/invoices/${invoiceId}"`);
    // The invoice's own lines and total: 2 x 30.00 less 10%, tax on top as the invoice says.
    const { total } = await one<{ total: string }>('select total from invoice where id = ?', [invoiceId]);
    expect(page).toContain(`${Number(total).toFixed(2)} USD`);
    expect(page).toContain(`action="/admin/orders/${orderId}/cancel"`);
    expect(page).toContain('hx-confirm="Cancel order');
    // The support role reads it, with no Cancel, and cannot post one.
    const read = await textOf(await support.get(`/admin/orders/${orderId}`));
    expect(read).toContain(`Order #${orderId}`);
    expect(read).not.toContain('/cancel"');
    expect((await support.post(`/admin/orders/${orderId}/cancel`)).status).toBe(403);
    expect((await one<{ status: string }>('select status from client_order where id = ?', [orderId])).status).toBe('pending');
  });

  it('is linked from the order list, the client page and the invoice page', async () => {
    const { orderId, invoiceId } = await placeOrder();
    const link = `href="/admin/orders/${orderId}"`;
    expect(await textOf(await owner.get('/admin/orders'))).toContain(link);
    expect(await textOf(await owner.get(`/admin/clients/${clientId}`))).toContain(link);
    expect(await textOf(await owner.get(`/admin/invoices/${invoiceId}`))).toContain(link);
    // An order staff added for the client says who.
    await sql(`update client_order set placed_by = 'staff:owner@example.com' where id = ?`, [orderId]);
    expect(await textOf(await owner.get(`/admin/orders/${orderId}`))).toContain('by owner@example.com (staff)');
  });

  it('cancels an unpaid order with a reason: invoice void, units and coupon use back, the reason shown; a second cancel changes nothing', async () => {
    const { orderId, invoiceId } = await placeOrder({ couponCode: 'TENOFF' });
    expect(await liveUnits(orderId)).toBe(1);
    const usesBefore = (await one<{ uses: number }>(`select uses from coupon where code = 'TENOFF'`)).uses;
    const res = await owner.post(`/admin/orders/${orderId}/cancel`, { reason: '  Client asked by phone  ' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/orders/${orderId}?done=cancelled`);
    expect(await one('select status, cancel_reason from client_order where id = ?', [orderId])).toEqual({
      status: 'cancelled',
      cancel_reason: 'Client asked by phone',
    });
    expect((await one<{ status: string }>('select status from invoice where id = ?', [invoiceId])).status).toBe('void');
    expect(await liveUnits(orderId)).toBe(0);
    expect((await one<{ uses: number }>(`select uses from coupon where code = 'TENOFF'`)).uses).toBe(usesBefore - 1);
    const page = await textOf(await owner.get(`/admin/orders/${orderId}?done=cancelled`));
    expect(page).toContain('Order cancelled: its invoice is void');
    expect(page).toContain('Client asked by phone');
    expect(page).toContain('(use released)');
    expect(page).not.toContain('Units held until');
    expect(page).not.toContain('Created when paid');
    expect(page).not.toContain(`action="/admin/orders/${orderId}/cancel"`);
    // Its history card says who cancelled it and when, in words and in UTC.
    const card = await textOf(await owner.get(`/admin/audit/history?object=client_order&objectId=${orderId}`));
    expect(card).toContain('<dt title="cancel_reason">Cancel reason</dt>');
    expect(card).toMatch(
      /<dt title="cancelled_at">Cancelled at<\/dt><dd><del>—<\/del> → <ins>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC<\/ins>/,
    );
    const again = await owner.post(`/admin/orders/${orderId}/cancel`);
    expect(again.headers.get('location')).toBe(`/admin/orders/${orderId}?done=already-cancelled`);
    expect(await textOf(await owner.get(`/admin/orders/${orderId}?done=already-cancelled`))).toContain(
      'already cancelled; nothing changed',
    );
  });

  it('says who cancelled it when no reason is typed, and gives back credit applied to its invoice', async () => {
    await sql(`update client set credit_balance = 5 where id = ?`, [clientId]);
    const { orderId, invoiceId } = await placeOrder();
    await sql(`update invoice set credit_applied = 5 where id = ?`, [invoiceId]);
    await sql(`update client set credit_balance = 0 where id = ?`, [clientId]);
    expect((await owner.post(`/admin/orders/${orderId}/cancel`, { reason: '' })).status).toBe(303);
    expect((await one<{ cancel_reason: string }>('select cancel_reason from client_order where id = ?', [orderId])).cancel_reason).toMatch(
      /^Cancelled by staff:.+@/,
    );
    expect(
      Number((await one<{ credit_balance: string }>('select credit_balance from client where id = ?', [clientId])).credit_balance),
    ).toBe(5);
  });

  it('leaves a paid order alone, and lists the services it became', async () => {
    const { orderId, invoiceId } = await placeOrder({ quantity: 2 });
    expect((await api('POST', `/invoices/${invoiceId}/mark-paid`, { reference: `paid-${orderId}` })).status).toBe(200);
    await t.em().transactional((tx) => createServicesForOrder(tx, orderId, new Date()));
    const services = await sql<{ id: number }>(
      'select s.id from service s join order_line l on l.id = s.order_line_id where l.order_id = ? order by s.unit_index',
      [orderId],
    );
    expect(services).toHaveLength(2);
    const page = await textOf(await owner.get(`/admin/orders/${orderId}`));
    for (const s of services) expect(page).toContain(`href="/admin/services/${s.id}">#${s.id}</a>`);
    expect(page).not.toContain('Created when paid');
    expect(page).not.toContain(`action="/admin/orders/${orderId}/cancel"`);
    expect(page).toMatch(/<dt>Paid<\/dt>/);
    const res = await owner.post(`/admin/orders/${orderId}/cancel`, { reason: 'too late' });
    expect(res.headers.get('location')).toBe(`/admin/orders/${orderId}?done=paid`);
    expect(
      await one('select o.status as o, i.status as i from client_order o join invoice i on i.order_id = o.id where o.id = ?', [orderId]),
    ).toEqual({
      o: 'paid',
      i: 'paid',
    });
    // Each service links back to its order.
    expect(await textOf(await owner.get(`/admin/services/${services[0]!.id}`))).toContain(
      `href="/admin/orders/${orderId}">#${orderId}</a>`,
    );
  });

  it('refuses a reason past 200 characters by its field, keeping what was typed, and changes nothing', async () => {
    const { orderId } = await placeOrder();
    const long = 'x'.repeat(201);
    const res = await owner.post(`/admin/orders/${orderId}/cancel`, { reason: long });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('Keep the reason under 200 characters.');
    expect(page).toContain(`value="${long}"`);
    expect((await one<{ status: string }>('select status from client_order where id = ?', [orderId])).status).toBe('pending');
    expect(await liveUnits(orderId)).toBe(1);
    await owner.post(`/admin/orders/${orderId}/cancel`);
  });

  it('answers 404 for junk and unknown ids, never a 500', async () => {
    for (const id of ['0', '-1', 'abc', '1e3', '99999999999', '999999']) {
      expect((await owner.get(`/admin/orders/${id}`)).status, id).toBe(404);
      expect((await owner.post(`/admin/orders/${id}/cancel`, { reason: 'x' })).status, id).toBe(404);
    }
  });

  it('a payment and a cancellation at once: exactly one wins, and the order, invoice and units agree', async () => {
    for (let round = 0; round < 4; round++) {
      const { orderId, invoiceId } = await placeOrder();
      const [pay, cancel] = await Promise.all([
        api('POST', `/invoices/${invoiceId}/mark-paid`, { reference: `race-${orderId}` }),
        owner.post(`/admin/orders/${orderId}/cancel`, { reason: 'race' }),
      ]);
      expect(cancel.status).toBe(303);
      const state = await one<{ o: string; i: string; payments: number }>(
        `select o.status as o, i.status as i, (select count(*)::int from payment where invoice_id = i.id) as payments
           from client_order o join invoice i on i.order_id = o.id where o.id = ?`,
        [orderId],
      );
      if (cancel.headers.get('location')!.endsWith('done=cancelled')) {
        expect(state).toEqual({ o: 'cancelled', i: 'void', payments: 0 });
        expect(await liveUnits(orderId)).toBe(0);
        // The payment found the invoice void: refused, nothing recorded.
        expect(pay.status).toBe(409);
      } else {
        expect(cancel.headers.get('location')).toBe(`/admin/orders/${orderId}?done=paid`);
        expect(state).toEqual({ o: 'paid', i: 'paid', payments: 1 });
        expect(pay.status).toBe(200);
        expect(pay.json.data.result).toBe('paid');
      }
    }
  });
});
