import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { payInvoice } from '../../../src/modules/invoicing/pay-invoice.ts';
import { addMonthlyPrice, makePackage, seedBasics, textOf } from '../fixtures.ts';
import { apiCaller, expectApiError } from '../api/helpers.ts';
import { Browser, clientIdOf, uniqueEmail } from '../client/helpers.ts';

// Refunds from the staff invoice page (a plain form, boosted by htmx) and POST /api/v1/invoices/{id}/refunds:
// junk answers field messages or 4xx JSON, never a 500 and never a refund.

let t: TestApp;
let owner: Client;
let support: Client;
let token: string;
let packageId: number;
let clientId: number;
const api = apiCaller(
  () => t,
  () => token,
);
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

async function invoice(paid = true) {
  const res = await api('POST', '/orders', { clientId, packageId, priceName: 'Monthly' });
  expect(res.status).toBe(201);
  const id = res.json.data.invoiceId as number;
  if (paid) await payInvoice(t.em(), { invoiceId: id, gateway: 'test', reference: `pay-${id}` }, new Date());
  return id;
}

const refundsOf = (id: number) =>
  sql<{ amount: string; status: string; gateway: string }>(
    "select amount, status, gateway from payment where invoice_id = ? and kind = 'refund' order by id",
    [id],
  );

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  packageId = await makePackage(t, catalogId, 'Refund Hosting');
  await addMonthlyPrice(t, packageId, '30.00');
  const [c] = await sql<{ id: number }>(
    `insert into client (email, name, currency) values ('refund@example.com', 'Rae Refund', 'USD') returning id`,
  );
  clientId = c!.id;
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
  token = await apiToken(t, 'owner');
});
afterAll(() => t.close());

describe('the staff refund form', () => {
  it('offers the refund on a paid invoice only, prefilled, with the ways this invoice can go back', async () => {
    const unpaid = await invoice(false);
    expect(await textOf(await owner.get(`/admin/invoices/${unpaid}`))).not.toContain('/refunds"');
    const id = await invoice();
    const page = await textOf(await owner.get(`/admin/invoices/${id}`));
    expect(page).toContain(`action="/admin/invoices/${id}/refunds"`);
    expect(page).toMatch(/name="amount"[^>]*value="30.00"/);
    expect(page).toContain('Back to the original payment (Test gateway)');
    expect(page).toContain('Account credit');
    expect(page).not.toContain('value="manual"');
    expect(page).toContain('End the services on this invoice');
    expect(await (await support.get(`/admin/invoices/${id}`)).text()).not.toContain('/refunds"');
    expect((await support.post(`/admin/invoices/${id}/refunds`, { amount: '1', destination: 'credit' })).status).toBe(403);
    const list = await textOf(await owner.get('/admin/invoices'));
    expect(list).toContain(`href="/admin/invoices/${id}#refund"`);
    expect(list).not.toContain(`href="/admin/invoices/${unpaid}#refund"`);
  });

  it('answers junk with the message next to the field, keeping what was typed', async () => {
    const id = await invoice();
    const cases: [Record<string, string>, string, string][] = [
      [{ amount: '-5', destination: 'credit' }, 'amount', 'The amount cannot be negative.'],
      [{ amount: '1.001', destination: 'credit' }, 'amount', 'Use at most 2 decimals for USD.'],
      [{ amount: 'lots', destination: 'credit' }, 'amount', 'Enter a number such as 12.50.'],
      [{ amount: '0', destination: 'credit' }, 'amount', 'Enter an amount above zero.'],
      [{ amount: '30.01', destination: 'credit' }, 'amount', 'At most 30.00 USD can be refunded.'],
      [{ amount: '5', destination: 'cheque' }, 'destination', 'Choose where the money goes'],
      [{ amount: '5', destination: 'manual' }, 'destination', 'This invoice cannot be refunded that way'],
      [{ amount: '5' }, 'destination', 'Choose where the money goes'],
      [{ amount: '5', destination: 'credit', reason: 'x'.repeat(201) }, 'reason', 'Use at most 200 characters.'],
    ];
    for (const [form, field, message] of cases) {
      const res = await owner.post(`/admin/invoices/${id}/refunds`, form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      const page = await textOf(res);
      expect(page).toContain(`id="f-${field}-error"`);
      expect(page).toContain(message);
      if (form.amount) expect(page).toContain(`value="${form.amount}"`);
    }
    expect(await refundsOf(id)).toEqual([]);
  });

  it('refunds half to credit, then says the unpaid and the gone are not refundable, never a 500', async () => {
    const id = await invoice();
    const res = await owner.post(`/admin/invoices/${id}/refunds`, {
      amount: '15',
      destination: 'credit',
      endServices: '0',
      reason: 'Half back',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/invoices/${id}?done=refunded#refunds`);
    const page = await textOf(await owner.get(`/admin/invoices/${id}?done=refunded`));
    expect(page).toContain('Refunded; the credit note is listed under the payments.');
    expect(page).toMatch(/CN-\d{4}-\d{4}/);
    expect(page).toContain('Half back');
    expect(page).toMatch(/name="amount"[^>]*value="15.00"/);
    expect(await refundsOf(id)).toEqual([{ amount: '-15.0000', status: 'succeeded', gateway: 'credit' }]);
    // Half back: "partly refunded" beside "paid", on the invoice and in the list, where it was "paid" alone.
    expect(page).toContain('<span class="badge muted">partly refunded</span>');
    const listed = await textOf(await owner.get(`/admin/invoices?q=${id}`));
    expect(listed.slice(listed.indexOf(`href="/admin/invoices/${id}"`)).split('</tr>')[0]).toContain('partly refunded');
    const unpaid = await invoice(false);
    const refused = await owner.post(`/admin/invoices/${unpaid}/refunds`, { amount: '1', destination: 'credit' });
    expect(refused.status).toBe(409);
    expect(await textOf(refused)).toContain('Only a paid invoice can be refunded.');
    // Through htmx the same refusal is swapped in (htmx swaps 422s, not 409s).
    const boosted = await owner.post(
      `/admin/invoices/${unpaid}/refunds`,
      { amount: '1', destination: 'credit' },
      { htmx: true, headers: { 'hx-boosted': 'true' } },
    );
    expect(boosted.status).toBe(422);
    expect(await textOf(boosted)).toContain('Only a paid invoice can be refunded.');
    expect((await owner.post('/admin/invoices/999999/refunds', { amount: '1', destination: 'credit' })).status).toBe(404);
  });
});

describe('racing clicks', () => {
  it('two staff submitting at once refund once; the other is told what is left', async () => {
    const id = await invoice();
    const other = await staffClient(t, 'admin');
    const [a, b] = await Promise.all([
      owner.post(`/admin/invoices/${id}/refunds`, { amount: '20', destination: 'credit' }),
      other.post(`/admin/invoices/${id}/refunds`, { amount: '20', destination: 'gateway' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 422]);
    const refused = a.status === 422 ? a : b;
    expect(await textOf(refused)).toMatch(/At most 10.00 USD can be refunded/);
    expect((await refundsOf(id)).map((r) => r.amount)).toEqual(['-20.0000']);
  });
});

describe('POST /api/v1/invoices/{id}/refunds', () => {
  it('answers junk with 4xx JSON naming the field', async () => {
    const id = await invoice();
    const unpaid = await invoice(false);
    expectApiError(await api('POST', `/invoices/${id}/refunds`, { amount: '-1', destination: 'credit' }), 422, 'amount');
    expectApiError(await api('POST', `/invoices/${id}/refunds`, { amount: '1.123', destination: 'credit' }), 422, 'amount');
    expectApiError(await api('POST', `/invoices/${id}/refunds`, { amount: 31, destination: 'gateway' }), 422, 'amount');
    expectApiError(await api('POST', `/invoices/${id}/refunds`, { amount: '1', destination: 'wire' }), 422, 'destination');
    expectApiError(
      await api('POST', `/invoices/${id}/refunds`, { amount: '1', destination: 'credit', endServices: 'maybe' }),
      422,
      'endServices',
    );
    expectApiError(await api('POST', `/invoices/${id}/refunds`, '[1]'), 422);
    expectApiError(await api('POST', `/invoices/${id}/refunds`, '{"amount":'), 422);
    expectApiError(await api('POST', `/invoices/${unpaid}/refunds`, { amount: '1', destination: 'credit' }), 409);
    expectApiError(await api('POST', '/invoices/999999/refunds', { amount: '1', destination: 'credit' }), 404);
    expect(await refundsOf(id)).toEqual([]);
  });

  it('refunds through the gateway, shows it on the invoice and lists the credit note', async () => {
    const id = await invoice();
    const res = await api('POST', `/invoices/${id}/refunds`, { amount: '10.50', destination: 'gateway', reason: 'Partial' });
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({ status: 'succeeded', creditNoteNumber: expect.stringMatching(/^CN-\d{4}-\d{4}$/) });
    const got = await api('GET', `/invoices/${id}`);
    expect(got.json.data.payments).toHaveLength(1);
    expect(got.json.data.refunds).toEqual([
      expect.objectContaining({
        amount: '-10.5000',
        destination: 'gateway',
        gateway: 'test',
        status: 'succeeded',
        reason: 'Partial',
        staffName: 'API',
        creditNoteNumber: res.json.data.creditNoteNumber,
      }),
    ]);
    expect(got.json.data.creditNotes).toEqual([expect.objectContaining({ number: res.json.data.creditNoteNumber, amount: '10.5000' })]);
    expect(got.json.data).toMatchObject({
      refundable: '19.5000',
      refundChoices: [
        { destination: 'gateway', gateway: 'test', max: '19.5000' },
        { destination: 'credit', gateway: 'credit', max: '19.5000' },
      ],
    });
    const notes = await api('GET', `/credit-notes?invoiceId=${id}`);
    expect(notes.status).toBe(200);
    expect(notes.json.data).toEqual([
      expect.objectContaining({
        number: res.json.data.creditNoteNumber,
        invoiceId: id,
        clientId,
        clientName: 'Rae Refund',
        amount: '10.5000',
        currency: 'USD',
      }),
    ]);
    expect(notes.json.meta).toMatchObject({
      total: 1,
      page: 1,
      perPage: 25,
      pages: 1,
      totals: [{ currency: 'USD', count: 1, total: '10.5000' }],
    });
    expectApiError(await api('GET', '/credit-notes?perPage=1000'), 422, 'perPage');
    expectApiError(await api('GET', '/credit-notes?invoiceId=x'), 422, 'invoiceId');
  });
});

describe('a refund left pending at the gateway', () => {
  it('offers staff to ask the gateway again once the first call cannot still be waiting', async () => {
    const id = await invoice();
    const [r] = await sql<{ id: number }>(
      `insert into payment (invoice_id, kind, status, gateway, reference, idempotency_key, amount, currency) values (?, 'refund', 'pending', 'test', 'refund-stalled', 'refund-stalled', -5, 'USD') returning id`,
      [id],
    );
    const page = await textOf(await owner.get(`/admin/invoices/${id}`));
    expect(page).toContain(`action="/admin/invoices/${id}/refunds/${r!.id}/retry"`);
    expect(page).toMatch(/name="amount"[^>]*value="25.00"/);
    const early = await owner.post(`/admin/invoices/${id}/refunds/${r!.id}/retry`);
    expect(early.status).toBe(409);
    expect(await textOf(early)).toContain('The gateway may still be answering');
    await sql("update payment set created_at = now() - interval '20 minutes' where id = ?", [r!.id]);
    const res = await owner.post(`/admin/invoices/${id}/refunds/${r!.id}/retry`);
    expect(res.headers.get('location')).toBe(`/admin/invoices/${id}?done=refunded#refunds`);
    expect(await refundsOf(id)).toEqual([{ amount: '-5.0000', status: 'succeeded', gateway: 'test' }]);
    expectApiError(await api('POST', `/invoices/${id}/refunds/${r!.id}/retry`), 409);
    expectApiError(await api('POST', `/invoices/${id}/refunds/999999/retry`), 404);
    expect((await owner.post(`/admin/invoices/${id}/refunds/abc/retry`)).status).toBe(404);
  });
});

describe('the client invoice page', () => {
  it('shows the client their refunds’ credit notes, and nothing of another client’s', async () => {
    const email = uniqueEmail('refunded');
    const browser = new Browser(t);
    await browser.signUp({ email, currency: 'USD', country: 'US' });
    const own = await clientIdOf(t, email);
    const res = await api('POST', '/orders', { clientId: own, packageId, priceName: 'Monthly' });
    const id = res.json.data.invoiceId as number;
    await payInvoice(t.em(), { invoiceId: id, gateway: 'test', reference: `pay-${id}` }, new Date());
    const before = await textOf(await browser.get(`/account/invoices/${id}`));
    expect(before).not.toContain('<h2>Refunds</h2>');
    const refund = await api('POST', `/invoices/${id}/refunds`, { amount: '12', destination: 'credit', reason: 'Sorry for the outage' });
    const page = await textOf(await browser.get(`/account/invoices/${id}`));
    expect(page).toContain('<h2>Refunds</h2>');
    expect(page).toContain(refund.json.data.creditNoteNumber);
    expect(page).toContain('Account credit');
    expect(page).toContain('Sorry for the outage');
    expect(page).toContain('12.00 USD');
    expect(page).toContain('<span class="badge muted">partly refunded</span>');
    const list = await textOf(await browser.get('/account/invoices'));
    expect(list.slice(list.indexOf(`href="/account/invoices/${id}"`)).split('</tr>')[0]).toContain('partly refunded');
    expect((await browser.get(`/account/invoices/${await invoice()}`)).status).toBe(404);
  });
});

describe('the credit note format setting', () => {
  it('refuses a format that cannot number, and numbers the next note with a good one', async () => {
    expect(await textOf(await owner.get('/admin/settings'))).toContain('value="CN-{YYYY}-{0000}"');
    const formats: [string, string][] = [
      ['CN-{YYYY}', 'Put the counter in once, as {0000} (one zero per digit).'],
      ['CN-{MM}-{0000}', 'Use only {YYYY} and {0000} in braces.'],
      ['', 'Enter a format such as CN-{YYYY}-{0000}.'],
    ];
    for (const [format, message] of formats) {
      const res = await owner.post('/admin/settings/documents', { creditNoteFormat: format });
      expect(res.status).toBe(422);
      const page = await textOf(res);
      expect(page).toContain('id="f-creditNoteFormat-error"');
      expect(page).toContain(message);
    }
    expect((await support.post('/admin/settings/documents', { creditNoteFormat: 'R{0}' })).status).toBe(403);
    expect((await owner.post('/admin/settings/documents', { creditNoteFormat: 'REF/{YYYY}/{000000}' })).status).toBe(303);
    const id = await invoice();
    const refund = await api('POST', `/invoices/${id}/refunds`, { amount: '1', destination: 'credit' });
    expect(refund.json.data.creditNoteNumber).toMatch(/^REF\/\d{4}\/\d{6}$/);
    await owner.post('/admin/settings/documents', { creditNoteFormat: 'CN-{YYYY}-{0000}' });
  });
});
