import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, type TestApp } from '../../helpers/app.ts';
import { runBillingNow } from '../../../src/modules/billing/run-billing-now.ts';
import { billingFixtures } from '../../integration/billing-runs-fixtures.ts';

// GET /api/v1/invoices (clientId, status, paging) and /invoices/{id} with every line's service and period.

let t: TestApp;
let f: ReturnType<typeof billingFixtures>;
let token: string;
let ana: number;
let bob: number;
let anaServices: number[];
let creditInvoice: number;

type Json = { data?: any; meta?: any; error?: { status: number; message: string; fields?: Record<string, string> } };

async function get(path: string) {
  const res = await t.app.request(`http://localhost/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.headers.get('content-type') ?? '', path).toContain('application/json');
  return { status: res.status, json: (await res.json()) as Json };
}

beforeAll(async () => {
  t = await makeTestApp();
  f = billingFixtures(t.orm);
  const pkg = await f.basics();
  ana = await f.client('Ana Invoices');
  bob = await f.client('Bob Invoices', null);
  anaServices = [
    await f.service(ana, pkg, { due: '2026-03-05', amount: '10.0000' }),
    await f.service(ana, pkg, { due: '2026-03-05', amount: '2.3333' }),
  ];
  await f.service(bob, pkg, { due: '2026-03-06', amount: '7.0000', term: { intervalCount: 1, period: 'week' } });
  await runBillingNow(t.em(), '2026-03-01', new Date('2026-03-01T10:00:00Z'));
  // An invoice partly paid from credit when it was made, and a paid one.
  const [inv] = await f.sql<{ id: number }>(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, credit_applied, due_date, created_at) values (?, 'unpaid', 'USD', 40, 0, 40, 15, '2026-03-10', '2026-03-02T09:00:00Z') returning id`,
    [bob],
  );
  creditInvoice = inv!.id;
  await f.sql(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date, paid_at, created_at) values (?, 'paid', 'USD', 5, 0, 5, '2026-02-01', '2026-02-01T12:00:00Z', '2026-02-01T11:00:00Z')`,
    [bob],
  );
  token = await apiToken(t, 'support');
});
afterAll(() => t.close());

describe('GET /api/v1/invoices', () => {
  it('lists invoices newest first, by client and status, a page at a time', async () => {
    const all = await get('/invoices');
    expect(all.status).toBe(200);
    expect(all.json.meta).toMatchObject({ total: 4, page: 1, perPage: 25, pages: 1 });
    expect(all.json.data[0]).toMatchObject({
      id: creditInvoice,
      clientId: bob,
      status: 'unpaid',
      total: '40.0000',
      creditApplied: '15.0000',
      amountDue: '25.0000',
      dueDate: '2026-03-10',
      createdAt: '2026-03-02T09:00:00.000Z',
    });
    const anas = await get(`/invoices?clientId=${ana}`);
    expect(anas.json.data).toHaveLength(1);
    expect(anas.json.data[0]).toMatchObject({
      clientId: ana,
      clientName: 'Ana Invoices',
      status: 'unpaid',
      currency: 'USD',
      subtotal: '12.3300',
      tax: '2.3400',
      total: '14.6700',
      creditApplied: '0.0000',
      amountDue: '14.6700',
      dueDate: '2026-03-05',
      paidAt: null,
    });
    const paid = await get(`/invoices?clientId=${bob}&status=paid`);
    expect(paid.json.data.map((i: { status: string; amountDue: string }) => [i.status, i.amountDue])).toEqual([['paid', '0.0000']]);
    const page = await get('/invoices?perPage=3&page=2');
    expect(page.json.data).toHaveLength(1);
    expect(page.json.meta).toEqual({
      total: 4,
      page: 2,
      perPage: 3,
      pages: 2,
      totals: [{ currency: 'USD', minorUnits: 2, count: 4, total: '66.6700', amountDue: '46.6700', uncounted: 0 }],
    });
    expect((await get('/invoices?page=7')).json.meta.total).toBe(4);
  });

  it('answers junk filters with 422 naming the field', async () => {
    for (const [query, field] of [
      ['clientId=abc', 'clientId'],
      ['clientId=0', 'clientId'],
      ['status=overdue', 'status'],
      ['page=-1', 'page'],
      ['perPage=1000', 'perPage'],
    ] as const) {
      const r = await get(`/invoices?${query}`);
      expect(r.status, query).toBe(422);
      expect(r.json.error?.fields?.[field], query).toBeTruthy();
    }
  });
});

describe('GET /api/v1/invoices/{id}', () => {
  it('gives a renewal invoice with each line’s kind, amount, service and period, and the totals', async () => {
    const id = (await get(`/invoices?clientId=${ana}`)).json.data[0].id;
    const r = await get(`/invoices/${id}`);
    expect(r.status).toBe(200);
    expect(r.json.data).toMatchObject({
      id,
      clientId: ana,
      status: 'unpaid',
      currency: 'USD',
      subtotal: '12.3300',
      tax: '2.3400',
      total: '14.6700',
      creditApplied: '0.0000',
      amountDue: '14.6700',
      dueDate: '2026-03-05',
    });
    expect(
      r.json.data.lines.map((l: Record<string, unknown>) => [l.kind, l.amount, l.serviceId, l.periodStart, l.periodEnd, l.taxable]),
    ).toEqual([
      ['renewal', '10.0000', anaServices[0], '2026-03-05', '2026-04-05', true],
      ['renewal', '2.3333', anaServices[1], '2026-03-05', '2026-04-05', true],
    ]);
    expect(r.json.data.lines[0].description).toContain('2026-03-05');
    expect(r.json.data.payments).toEqual([]);
  });

  it('shows credit applied and what is left to pay', async () => {
    const r = await get(`/invoices/${creditInvoice}`);
    expect(r.json.data).toMatchObject({ total: '40.0000', creditApplied: '15.0000', amountDue: '25.0000', lines: [] });
  });

  it('answers unknown and junk ids with 404 JSON', async () => {
    for (const id of ['999999', 'abc', '0', '1e3', '99999999999']) {
      const r = await get(`/invoices/${id}`);
      expect(r.status, id).toBe(404);
      expect(r.json.error?.status).toBe(404);
    }
  });
});

describe('POST /api/v1/invoices/{id}/void', () => {
  it('voids an unpaid renewal (its periods billed again), refuses it twice and refuses a paid one, with JSON errors; support may not', async () => {
    const owner = await apiToken(t, 'owner');
    const post = async (path: string, as = owner) => {
      const res = await t.app.request(`http://localhost/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${as}` } });
      return { status: res.status, json: (await res.json()) as Json };
    };
    const [renewal] = await f.sql<{ id: number }>(
      "select distinct l.invoice_id as id from invoice_line l join invoice i on i.id = l.invoice_id where i.client_id = ? and i.status = 'unpaid'",
      [ana],
    );
    expect((await post(`/invoices/${renewal!.id}/void`, token)).status).toBe(403);
    const voided = await post(`/invoices/${renewal!.id}/void`);
    expect(voided.status, JSON.stringify(voided.json)).toBe(200);
    expect(voided.json.data).toMatchObject({ result: 'voided', invoice: { id: renewal!.id, status: 'void' } });
    const again = await post(`/invoices/${renewal!.id}/void`);
    expect(again.status).toBe(409);
    expect(again.json.error?.message).toBe('Only an unpaid invoice can be voided.');
    const [paid] = await f.sql<{ id: number }>("select id from invoice where client_id = ? and status = 'paid'", [bob]);
    expect((await post(`/invoices/${paid!.id}/void`)).status).toBe(409);
    expect((await post('/invoices/999999/void')).status).toBe(404);
    expect((await post('/invoices/abc/void')).status).toBe(404);
  });
});
