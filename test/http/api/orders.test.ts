import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, ORIGIN, type TestApp } from '../../helpers/app.ts';
import { savePrice } from '../../../src/modules/catalog/save-price.ts';
import { saveTaxRate } from '../../../src/modules/settings/save-tax-rate.ts';
import { makePackage, seedBasics } from '../fixtures.ts';
import { loadInvoice } from '../../../src/modules/invoicing/load-invoice.ts';

let t: TestApp;
let token: string;
let supportToken: string;
let packageId: number;
let clientId: number;

async function api(method: string, path: string, body?: unknown, as = token) {
  const res = await t.app.request(`${ORIGIN}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${as}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; error?: { message: string; fields?: Record<string, string> } } };
}

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  await saveTaxRate(t.em(), { country: 'DE', name: 'MwSt', rate: '19' });
  packageId = await makePackage(t, catalogId, 'Hosting Basic', { proRata: '1', proRataDay: 1, proRataCutoffDay: 20, stock: 3 });
  await savePrice(t.em(), packageId, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '30.00',
    setupFee: '5',
  });
  const [c] = await t.orm.em
    .getConnection()
    .execute<{ id: number }[]>(
      `insert into client (email, name, country, currency) values ('api@example.com', 'Api Client', 'DE', 'USD') returning id`,
    );
  clientId = c!.id;
  token = await apiToken(t, 'owner');
  supportToken = await apiToken(t, 'support');
});
afterAll(() => t.close());

describe('POST /api/v1/quotes', () => {
  it('quotes DOMAIN.md’s pro rata example, back-dated, with tax for the client country', async () => {
    const res = await api('POST', '/quotes', { packageId, priceName: 'Monthly', clientId, orderDate: '2027-01-25' });
    expect(res.status).toBe(200);
    expect(res.body.data.lines.map((l: { amount: string }) => l.amount)).toEqual(['6.7742', '30.0000', '5.0000']);
    expect(res.body.data.subtotal).toBe('41.7700');
    expect(res.body.data.tax).toBe('7.9400');
    expect(res.body.data.total).toBe('49.7100');
    expect(res.body.data.firstRenewalDate).toBe('2027-03-01');
  });

  it('answers junk with field messages', async () => {
    expect((await api('POST', '/quotes', { packageId, priceName: 'Weekly' })).status).toBe(422);
    const bad = await api('POST', '/quotes', { packageId: 'x', priceName: '', quantity: 0, orderDate: '2027-02-30' });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error!.fields!)).toEqual(expect.arrayContaining(['packageId', 'priceName', 'quantity']));
    expect((await api('POST', '/quotes', { packageId, priceName: 'Monthly', orderDate: '2027-02-30' })).body.error!.message).toBe(
      'That date does not exist.',
    );
    expect((await api('POST', '/quotes', { packageId: 999999, priceName: 'Monthly' })).status).toBe(404);
  });
});

describe('orders, invoices and services', () => {
  it('places an order for a client, marks its invoice paid once, and shows the pending service', async () => {
    const placed = await api('POST', '/orders', { clientId, packageId, priceName: 'Monthly' });
    expect(placed.status).toBe(201);
    const invoiceId = placed.body.data.invoiceId;
    expect(placed.body.data.invoice.status).toBe('unpaid');
    // Built from what checkout inserted, it is the invoice as stored, to the last digit.
    expect(placed.body.data.invoice).toEqual(JSON.parse(JSON.stringify(await loadInvoice(t.em(), invoiceId))));
    expect(placed.body.data.invoice.lines.length).toBeGreaterThanOrEqual(2);
    expect(Number(placed.body.data.invoice.tax)).toBeGreaterThan(0);
    const order = await api('GET', `/orders/${placed.body.data.orderId}`);
    expect(order.body.data).toMatchObject({ id: placed.body.data.orderId, clientId, invoiceId, status: 'pending' });
    expect((await api('GET', '/orders/999999')).status).toBe(404);
    expect((await api('POST', `/invoices/${invoiceId}/mark-paid`, {}, supportToken)).status).toBe(403);
    const paid = await api('POST', `/invoices/${invoiceId}/mark-paid`, { reference: 'BANK-1' });
    expect(paid.body.data).toMatchObject({ result: 'paid', invoice: { status: 'paid' } });
    expect((await api('POST', `/invoices/${invoiceId}/mark-paid`, {})).body.data.result).toBe('already-paid');
    const services = await api('GET', `/services?clientId=${clientId}`);
    expect(services.body.data).toHaveLength(1);
    expect(services.body.data[0].status).toBe('pending');
    const one = await api('GET', `/services/${services.body.data[0].id}`);
    expect(one.body.data.events[0].note).toMatch(/Created by payment of order/);
    expect((await api('GET', `/orders?clientId=${clientId}`)).body.data[0]).toMatchObject({ status: 'paid', invoiceStatus: 'paid' });
  });

  it('refuses orders over stock with the sentence a client would see', async () => {
    const res = await api('POST', '/orders', { clientId, packageId, priceName: 'Monthly', quantity: 5 });
    expect(res.status).toBe(422);
    expect(res.body.error!.message).toBe('This package is ordered one at a time.');
    await api('POST', '/orders', { clientId, packageId, priceName: 'Monthly' });
    await api('POST', '/orders', { clientId, packageId, priceName: 'Monthly' });
    const over = await api('POST', '/orders', { clientId, packageId, priceName: 'Monthly' });
    expect(over.body.error!.message).toBe('Sold out.');
  });

  it('places one order for a requestKey sent again, even once what it took has sold out; refuses a key that is no key', async () => {
    const [{ id: catalogId }] = (await t.orm.em.getConnection().execute<{ id: number }[]>('select min(id) as id from catalog')) as [
      { id: number },
    ];
    const lastOne = await makePackage(t, catalogId, 'Last One', { stock: 1 });
    await savePrice(t.em(), lastOne, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '9',
    });
    const body = { clientId, packageId: lastOne, priceName: 'Monthly', requestKey: 'retry-7f3c9a2e' };
    const first = await api('POST', '/orders', body);
    expect(first.status).toBe(201);
    const again = await api('POST', '/orders', body);
    expect(again.status).toBe(201);
    expect(again.body.data).toMatchObject({ orderId: first.body.data.orderId, invoiceId: first.body.data.invoiceId });
    // Answered as the first was, whatever this body says: the key names the order.
    expect(again.body.data.quote).toEqual(first.body.data.quote);
    const otherBody = await api('POST', '/orders', { ...body, quantity: 3 });
    expect(otherBody.status).toBe(201);
    expect(otherBody.body.data).toMatchObject({ orderId: first.body.data.orderId, quote: first.body.data.quote });
    const other = await api('POST', '/orders', { ...body, requestKey: 'another-key-1' });
    expect(other.body.error!.message).toBe('Sold out.');
    const junk = await api('POST', '/orders', { ...body, requestKey: 'no' });
    expect(junk.status).toBe(422);
    expect(junk.body.error!.fields).toEqual({ requestKey: 'Use 8 to 64 letters, digits, - or _.' });
  });

  it('answers unknown ids with 404 JSON, and actions that do not fit the status with 409', async () => {
    expect((await api('GET', '/invoices/999999')).status).toBe(404);
    expect((await api('GET', '/services/abc')).status).toBe(404);
    const services = await api('GET', `/services?clientId=${clientId}`);
    const pending = services.body.data[0].id;
    const res = await api('POST', `/services/${pending}/unsuspend`);
    expect(res.status).toBe(409);
    expect(res.body.error!.message).toBe('A pending service cannot be unsuspended.');
  });
});
