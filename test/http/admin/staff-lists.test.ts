import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { textOf } from '../fixtures.ts';

// The staff invoice and order lists (/admin/invoices, /admin/orders) and the same lists in the API:
// search, filters, pages, totals per currency over the whole filtered set, junk, the support role.

let t: TestApp;
let owner: Client;
let support: Client;
let token: string;
const ids: Record<string, number> = {};

const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
const one = async (q: string, p: unknown[]) => (await sql<{ id: number }>(`${q} returning id`, p))[0]!.id;

beforeAll(async () => {
  t = await makeTestApp();
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
  token = await apiToken(t, 'support');
  const client = (name: string, email: string, currency: string) =>
    one(`insert into client (email, name, country, currency) values (?, ?, 'DE', ?)`, [email, name, currency]);
  ids.ana = await client('Ana Lister', 'ana@lists.example', 'USD');
  ids.bob = await client('Bob Lister', 'bob@lists.example', 'USD');
  ids.cleo = await client('Cleo Euro', 'cleo@euro.example', 'EUR');
  const order = (clientId: number, status: string, currency: string, created: string) =>
    one(`insert into client_order (client_id, status, currency, expires_at, created_at) values (?, ?, ?, ?, ?)`, [
      clientId,
      status,
      currency,
      '2099-01-01T00:00:00Z',
      created,
    ]);
  ids.o1 = await order(ids.ana, 'pending', 'USD', '2026-01-05T10:00:00Z');
  ids.o2 = await order(ids.cleo, 'pending', 'EUR', '2026-02-10T10:00:00Z');
  ids.o3 = await order(ids.bob, 'cancelled', 'USD', '2026-03-01T10:00:00Z');
  const invoice = (
    clientId: number,
    orderId: number | null,
    status: string,
    currency: string,
    total: string,
    credit: string,
    due: string,
    created: string,
  ) =>
    one(
      `insert into invoice (client_id, order_id, status, currency, subtotal, tax, total, credit_applied, due_date, created_at) values (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
      [clientId, orderId, status, currency, total, total, credit, due, created],
    );
  ids.i1 = await invoice(ids.ana, ids.o1, 'unpaid', 'USD', '100', '0', '2020-01-10', '2026-01-05T10:00:00Z');
  ids.i2 = await invoice(ids.ana, null, 'paid', 'USD', '50', '0', '2026-01-20', '2026-01-15T10:00:00Z');
  ids.i3 = await invoice(ids.bob, null, 'unpaid', 'USD', '30', '10', '2099-01-01', '2026-02-01T10:00:00Z');
  ids.i4 = await invoice(ids.cleo, ids.o2, 'unpaid', 'EUR', '20', '0', '2099-01-01', '2026-02-10T10:00:00Z');
  ids.i5 = await invoice(ids.cleo, null, 'void', 'EUR', '5', '0', '2026-02-20', '2026-02-11T10:00:00Z');
  ids.i6 = await invoice(ids.bob, null, 'paid', 'EUR', '7', '0', '2026-02-20', '2026-02-12T10:00:00Z');
  const payment = (invoiceId: number, gateway: string, amount: string, currency: string) =>
    sql(`insert into payment (invoice_id, gateway, reference, amount, currency) values (?, ?, ?, ?, ?)`, [
      invoiceId,
      gateway,
      `ref-${invoiceId}`,
      amount,
      currency,
    ]);
  await payment(ids.i2, 'manual', '50', 'USD');
  await payment(ids.i6, 'test', '7', 'EUR');
});
afterAll(() => t.close());

/** The invoice (or order) ids a list page links to, in order. */
const linked = (html: string, kind: 'invoices' | 'orders') =>
  [...html.matchAll(new RegExp(`<td[^>]*><a href="/admin/${kind}/(\\d+)">#`, 'g'))].map((m) => Number(m[1]));
const invoicesOf = async (query: string) => linked(await textOf(await owner.get(`/admin/invoices${query}`)), 'invoices');
const orderIds = (html: string) => linked(html, 'orders');

async function api(path: string) {
  const res = await t.app.request(`http://localhost/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as { data?: any; meta?: any; error?: { fields?: Record<string, string> } } };
}

describe('/admin/invoices', () => {
  it('lists every invoice newest first, each linking to its page, with totals per currency for the filter', async () => {
    const res = await owner.get('/admin/invoices');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(linked(html, 'invoices')).toEqual([ids.i6, ids.i5, ids.i4, ids.i3, ids.i2, ids.i1]);
    expect(html).toContain('6 invoices');
    expect(html).toContain('href="/admin/invoices" aria-current="page"');
    // The void one (shown as cancelled) is listed and counted, but adds nothing to the sums.
    expect(html).toMatch(
      /Total in EUR \(3 invoices; 1 cancelled not counted\)<\/th><td class="num nowrap">27\.00 EUR<\/td><td class="num nowrap">20\.00 EUR/,
    );
    expect(html).toMatch(/Total in USD \(3 invoices\)<\/th><td class="num nowrap">180\.00 USD<\/td><td class="num nowrap">120\.00 USD/);
    expect(html).toContain('overdue');
  });

  it('searches by invoice number, client name and email', async () => {
    expect(await invoicesOf(`?q=${ids.i3}`)).toContain(ids.i3);
    expect(await invoicesOf(`?q=%23${ids.i3}`)).toContain(ids.i3);
    expect(await invoicesOf('?q=ana+lister')).toEqual([ids.i2, ids.i1]);
    expect(await invoicesOf('?q=euro.example')).toEqual([ids.i5, ids.i4]);
    expect(await invoicesOf('?q=%25')).toEqual([]);
    expect(await textOf(await owner.get('/admin/invoices?q=nobody'))).toContain('No invoices match.');
  });

  it('filters by status, gateway, created range and overdue, the totals following the filter', async () => {
    expect(await invoicesOf('?status=paid')).toEqual([ids.i6, ids.i2]);
    expect(await invoicesOf('?status=void')).toEqual([ids.i5]);
    expect(await invoicesOf('?gateway=manual')).toEqual([ids.i2]);
    expect(await invoicesOf('?gateway=test')).toEqual([ids.i6]);
    expect(await invoicesOf('?from=2026-02-01&to=2026-02-10')).toEqual([ids.i4, ids.i3]);
    expect(await invoicesOf('?to=2026-01-15')).toEqual([ids.i2, ids.i1]);
    expect(await invoicesOf('?overdue=1')).toEqual([ids.i1]);
    const usdUnpaid = await textOf(await owner.get('/admin/invoices?status=unpaid&q=lists.example'));
    expect(usdUnpaid).toMatch(
      /Total in USD \(2 invoices\)<\/th><td class="num nowrap">130\.00 USD<\/td><td class="num nowrap">120\.00 USD/,
    );
    expect(usdUnpaid).not.toContain('Total in EUR');
    // The form keeps what was chosen, as a plain GET form.
    const form = await textOf(await owner.get('/admin/invoices?status=unpaid&overdue=1&from=2026-01-01'));
    expect(form).toContain('<form class="filters wide" method="get" action="/admin/invoices"');
    expect(form).toContain('<option value="unpaid" selected="">Unpaid</option>');
    expect(form).toContain('<option value="void">Cancelled (void)</option>');
    expect(form).toMatch(/name="overdue" value="1" checked=""/);
    expect(form).toContain('value="2026-01-01"');
    // Ways of paying by their names, filtering by their keys.
    expect(form).toContain('<option value="manual">Bank transfer</option>');
    expect(form).toContain('<option value="credit">Account credit</option>');
    // Every staff list names its statuses as people write them, filtering by the stored key.
    for (const [list, option] of [
      ['services', '<option value="active">Active</option>'],
      ['orders', '<option value="pending">Pending</option>'],
      ['packages', '<option value="visible">Visible</option>'],
    ] as const)
      expect(await textOf(await owner.get(`/admin/${list}`)), list).toContain(option);
  });

  it('pages through the results, keeping the filters, and answers htmx with the results only', async () => {
    const page2 = await textOf(await owner.get('/admin/invoices?perPage=4&page=2&status='));
    expect(linked(page2, 'invoices')).toEqual([ids.i2, ids.i1]);
    expect(page2).toContain('Page 2 of 2');
    expect(page2).toContain('href="/admin/invoices?perPage=4"');
    expect(page2).toContain('Total in USD (3 invoices)');
    const past = await textOf(await owner.get('/admin/invoices?page=9&status=unpaid'));
    expect(past).toContain('3 invoices');
    // Past the end: said so, with the way back (the filters kept), not an empty table under the totals.
    expect(past).toContain('Nothing on page 9: the list has 1 page. <a href="/admin/invoices?status=unpaid">Go to the last page</a>');
    const fragment = await owner.request('/admin/invoices?q=ana', {
      method: 'GET',
      htmx: true,
      headers: { 'hx-target': 'invoice-results' },
    });
    const html = await fragment.text();
    expect(html.startsWith('<div id="invoice-results"')).toBe(true);
    expect(html).not.toContain('<html');
  });

  it('answers junk filters with the page and the message by the field, never a 500', async () => {
    for (const [query, message] of [
      ['status=overdue', 'Choose a status'],
      ['gateway=paypal', 'Choose a gateway'],
      ['from=13%2F01%2F2026', 'Use a date like'],
      ['to=2026-13-01', 'That date does not exist'],
      ['from=2026-02-30', 'That date does not exist'],
      ['from=2026-03-01&to=2026-02-01', 'on or after'],
      ['page=abc', 'page number'],
      ['perPage=1000', 'Use 100 or less'],
      [`q=${'x'.repeat(300)}`, 'at most 200'],
      ['clientId=x', 'an id'],
    ] as const) {
      const res = await owner.get(`/admin/invoices?${query}`);
      expect(res.status, query).toBe(422);
      expect(await textOf(res), query).toContain(message);
    }
    expect((await owner.get('/admin/invoices?status[]=x&page[a]=1&junk=1')).status).toBeLessThan(500);
    // The other filters still apply, and the form still shows them.
    const kept = await textOf(await owner.get('/admin/invoices?status=paid&gateway=paypal'));
    expect(linked(kept, 'invoices')).toEqual([ids.i6, ids.i2]);
    expect(kept).toMatch(/<option value="paid" selected="">/);
  });

  it('lets the support role read the lists without any action', async () => {
    const list = await support.get('/admin/invoices');
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain('method="post" action="/admin/invoices');
    expect((await support.get('/admin/orders')).status).toBe(200);
    expect(await (await support.get(`/admin/invoices/${ids.i1}`)).text()).not.toContain('Mark paid');
  });
});

describe('/admin/orders', () => {
  it("names an order's invoice by its number once it has one, by its id before", async () => {
    expect(await textOf(await owner.get('/admin/orders'))).toContain(`<a href="/admin/invoices/${ids.i1}">#${ids.i1}</a>`);
    await sql(`update invoice set number = 'INV-2026-0777' where id = ?`, [ids.i1]);
    try {
      expect(await textOf(await owner.get('/admin/orders'))).toContain(`<a href="/admin/invoices/${ids.i1}">INV-2026-0777</a>`);
    } finally {
      await sql('update invoice set number = null where id = ?', [ids.i1]);
    }
  });

  it('lists orders with their client and invoice, searches, filters, pages and totals per currency', async () => {
    const html = await textOf(await owner.get('/admin/orders'));
    expect(orderIds(html)).toEqual([ids.o3, ids.o2, ids.o1]);
    expect(html).toContain(`href="/admin/clients/${ids.ana}"`);
    expect(html).toContain(`href="/admin/invoices/${ids.i1}"`);
    expect(html).toMatch(/Total in EUR \(1 order\)<\/th><td class="num nowrap">20\.00 EUR<\/td><td class="num nowrap">20\.00 EUR/);
    expect(html).toMatch(
      /Total in USD \(2 orders; 1 cancelled not counted\)<\/th><td class="num nowrap">100\.00 USD<\/td><td class="num nowrap">100\.00 USD/,
    );
    const of = async (q: string) => orderIds(await textOf(await owner.get(`/admin/orders${q}`)));
    expect(await of(`?q=${ids.o2}`)).toEqual([ids.o2]);
    expect(await of('?q=bob%40lists')).toEqual([ids.o3]);
    expect(await of('?q=cleo')).toEqual([ids.o2]);
    expect(await of('?status=cancelled')).toEqual([ids.o3]);
    expect(await of('?status=pending')).toEqual([ids.o2, ids.o1]);
    expect(await of('?from=2026-02-01&to=2026-02-28')).toEqual([ids.o2]);
    const page2 = await textOf(await owner.get('/admin/orders?perPage=2&page=2'));
    expect(orderIds(page2)).toEqual([ids.o1]);
    expect(page2).toContain('Page 2 of 2');
    const fragment = await (
      await owner.request('/admin/orders?status=paid', { method: 'GET', htmx: true, headers: { 'hx-target': 'order-results' } })
    ).text();
    expect(fragment.startsWith('<div id="order-results"')).toBe(true);
    expect(fragment).toContain('No orders match.');
    for (const query of ['status=shipped', 'to=yesterday', 'page=0', 'perPage=-1'])
      expect((await owner.get(`/admin/orders?${query}`)).status, query).toBe(422);
  });
});

describe('the same lists in the API', () => {
  it('filters invoices and gives the totals per currency in meta', async () => {
    const r = await api('/invoices?q=lists.example&status=unpaid');
    expect(r.status).toBe(200);
    expect(r.json.data.map((i: { id: number }) => i.id)).toEqual([ids.i3, ids.i1]);
    expect(r.json.data[0]).toMatchObject({ id: ids.i3, clientName: 'Bob Lister', clientEmail: 'bob@lists.example', amountDue: '20.0000' });
    expect(r.json.meta).toEqual({
      total: 2,
      page: 1,
      perPage: 25,
      pages: 1,
      totals: [{ currency: 'USD', minorUnits: 2, count: 2, total: '130.0000', amountDue: '120.0000', uncounted: 0 }],
    });
    expect((await api('/invoices?overdue=true')).json.data.map((i: { id: number }) => i.id)).toEqual([ids.i1]);
    expect((await api('/invoices?gateway=test')).json.meta.totals).toEqual([
      { currency: 'EUR', minorUnits: 2, count: 1, total: '7.0000', amountDue: '0.0000', uncounted: 0 },
    ]);
    const junk = await api('/invoices?overdue=maybe&gateway=x');
    expect(junk.status).toBe(422);
    expect(Object.keys(junk.json.error!.fields!).sort()).toEqual(['gateway', 'overdue']);
    expect((await api('/invoices?from=2026-01-01&to=2025-01-01')).json.error?.fields).toEqual({
      to: 'Use a date on or after the "from" date.',
    });
  });

  it('pages orders with meta and keeps each order’s shape', async () => {
    const r = await api('/orders?perPage=2');
    expect(r.status).toBe(200);
    expect(r.json.data).toHaveLength(2);
    expect(r.json.meta).toMatchObject({ total: 3, page: 1, perPage: 2, pages: 2 });
    expect(r.json.meta.totals).toEqual([
      { currency: 'EUR', minorUnits: 2, count: 1, total: '20.0000', amountDue: '20.0000', uncounted: 0 },
      { currency: 'USD', minorUnits: 2, count: 2, total: '100.0000', amountDue: '100.0000', uncounted: 1 },
    ]);
    const [o] = (await api(`/orders?q=${ids.o1}`)).json.data;
    expect(o).toMatchObject({
      id: ids.o1,
      clientId: ids.ana,
      clientName: 'Ana Lister',
      status: 'pending',
      currency: 'USD',
      invoiceId: ids.i1,
      invoiceStatus: 'unpaid',
      total: '100.0000',
      amountDue: '100.0000',
    });
    expect((await api(`/orders/${ids.o3}`)).json.data).toMatchObject({ id: ids.o3, status: 'cancelled', invoiceId: null });
    const junk = await api('/orders?status=x&page=0');
    expect(junk.status).toBe(422);
    expect(Object.keys(junk.json.error!.fields!).sort()).toEqual(['page', 'status']);
  });

  it('documents the new query parameters in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('http://localhost/api/v1/openapi.json')).json()) as {
      paths: Record<string, { get: { parameters?: { name: string; in: string; schema: { enum?: string[] } }[] } }>;
    };
    const names = (path: string) => (doc.paths[path]!.get.parameters ?? []).map((p) => p.name).sort();
    expect(names('/invoices')).toEqual(['clientId', 'from', 'gateway', 'overdue', 'page', 'perPage', 'q', 'status', 'to']);
    expect(names('/orders')).toEqual(['clientId', 'from', 'page', 'perPage', 'q', 'status', 'to']);
    expect(doc.paths['/orders']!.get.parameters!.find((p) => p.name === 'status')!.schema.enum).toEqual(['pending', 'paid', 'cancelled']);
  });
});

describe('amounts in a currency with other decimals', () => {
  it('are shown with that currency’s decimals in the rows and the totals of both lists', async () => {
    await sql(`insert into currency (code, name, minor_units, rate) values ('JPY', 'Yen', 0, 150) on conflict (code) do nothing`);
    const jun = await one(`insert into client (email, name, country, currency) values ('jun@yen.example', 'Jun Yen', 'JP', 'JPY')`, []);
    const order = await one(
      `insert into client_order (client_id, status, currency, expires_at) values (?, 'pending', 'JPY', '2099-01-01')`,
      [jun],
    );
    const invoice = await one(
      `insert into invoice (client_id, order_id, status, currency, subtotal, tax, total, due_date) values (?, ?, 'unpaid', 'JPY', 1500, 0, 1500, '2099-01-01')`,
      [jun, order],
    );
    try {
      for (const list of ['invoices', 'orders']) {
        const html = await textOf(await owner.get(`/admin/${list}?q=jun%40yen.example`));
        expect(html, list).toContain('<td class="num nowrap">1,500 JPY</td><td class="num nowrap">1,500 JPY</td>');
        expect(html, list).toMatch(/Total in JPY \(1 \w+\)<\/th><td class="num nowrap">1,500 JPY<\/td><td class="num nowrap">1,500 JPY/);
        expect(html, list).not.toContain('1,500.00');
      }
    } finally {
      await sql('delete from invoice where id = ?', [invoice]);
      await sql('delete from client_order where id = ?', [order]);
      await sql('delete from client where id = ?', [jun]);
    }
  });
});
