import { saveSellerDetails } from '../../../src/modules/settings/seller-details.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { addCredit } from '../../../src/modules/invoicing/add-credit.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { appAt, Browser, sql } from '../client/helpers.ts';
import { invoiceIdFrom, monthly, shopper, storePackage } from './helpers.ts';

let t: TestApp;
let pkg: { id: number; slug: string };
const NOW = new Date('2027-03-10T12:00:00Z');

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  pkg = await storePackage(t, catalogId, 'Web Hosting', { allowQuantity: '1' }, [monthly('USD', '20.00')]);
});
afterAll(() => t.close());

/** A shopper on a fixed clock with one unpaid order (quantity 1) of 20.00 USD. */
async function unpaid(now = NOW) {
  const app = appAt(t, now);
  const s = await shopper(t, { currency: 'USD' }, app);
  const res = await s.b.post(`/store/${pkg.slug}/order`, { priceName: 'Monthly', quantity: '1' });
  return { ...s, app, invoiceId: invoiceIdFrom(res) };
}

const paymentsOf = (invoiceId: number) =>
  sql<{ gateway: string; reference: string }>(t, 'select gateway, reference from payment where invoice_id = ?', [invoiceId]);
const statusOf = async (invoiceId: number) =>
  (await sql<{ status: string }>(t, 'select status from invoice where id = ?', [invoiceId]))[0]!.status;
const servicesOf = (clientId: number) => sql<{ status: string }>(t, 'select status from service where client_id = ?', [clientId]);

describe('account credit', () => {
  it('pays from the balance once, and the services are created', async () => {
    const { b, id, invoiceId } = await unpaid();
    await addCredit(t.em(), id, { amount: '25', reason: 'Goodwill' }, NOW);
    const page = await textOf(await b.get(`/account/invoices/${invoiceId}`));
    expect(page).toContain('Your balance: 25.00 USD');
    const res = await b.post(`/account/invoices/${invoiceId}/pay/credit`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=paid`);
    const after = await textOf(await b.get(res.headers.get('location')!));
    expect(after).toContain('Paid. Thank you!');
    expect(after).toMatch(/<span class="badge ok">paid<\/span>/);
    expect(after).toContain('Account credit');
    expect(await paymentsOf(invoiceId)).toEqual([{ gateway: 'credit', reference: `credit-invoice-${invoiceId}` }]);
    // The payment is dated by the app's clock, as the invoice's "paid" is, not by the database's.
    expect(
      await sql(
        t,
        'select p.created_at = i.paid_at as same, p.created_at from payment p join invoice i on i.id = p.invoice_id where i.id = ?',
        [invoiceId],
      ),
    ).toEqual([{ same: true, created_at: NOW }]);
    expect((await sql<{ credit_balance: string }>(t, 'select credit_balance from client where id = ?', [id]))[0]!.credit_balance).toBe(
      '5.0000',
    );
    expect(await servicesOf(id)).toEqual([{ status: 'pending' }]);
    const twice = await b.post(`/account/invoices/${invoiceId}/pay/credit`);
    expect(twice.headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=already`);
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
  });

  it('a balance short of the invoice goes towards it: the page offers it with both amounts, and shows what is left to pay', async () => {
    const { b, id, invoiceId } = await unpaid();
    await addCredit(t.em(), id, { amount: '7.50', reason: 'Goodwill' }, NOW);
    const page = await textOf(await b.get(`/account/invoices/${invoiceId}`));
    const offer = page.slice(page.indexOf('id="pay-credit"'), page.indexOf('</li>', page.indexOf('id="pay-credit"')));
    expect(offer).toContain('Takes 7.50 USD off this invoice; pay the remaining 12.50 USD another way.');
    expect(offer).toMatch(/<button type="submit" class="primary">Apply my credit<\/button>/);
    const res = await b.post(`/account/invoices/${invoiceId}/pay/credit`);
    expect(res.headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=credit`);
    const after = await textOf(await b.get(res.headers.get('location')!));
    expect(after).toContain('Your credit went towards this invoice: 12.50 USD is left to pay.');
    expect(after).toMatch(/Credit applied<\/th>\s*<td class="num nowrap">−7\.50 USD/);
    expect(await statusOf(invoiceId)).toBe('unpaid');
    expect(await paymentsOf(invoiceId)).toEqual([]);
    // Nothing left on the balance: the offer is refused again, and a second post moves nothing.
    expect(after).toContain('Your credit balance does not cover this invoice.');
    expect((await b.post(`/account/invoices/${invoiceId}/pay/credit`)).status).toBe(409);
    expect(await sql(t, 'select credit_applied from invoice where id = ?', [invoiceId])).toEqual([{ credit_applied: '7.5000' }]);
  });

  it("refuses with the reason when the balance is short; an invoice outside an order shows the bank transfer gateway's details", async () => {
    await sql(t, `update payment_gateway set settings = ? where key = 'manual'`, [
      JSON.stringify({ instructions: 'Hostbill Ltd\nIBAN DE89 3704 0044 0532 0130 00' }),
    ]);
    const { b, invoiceId } = await unpaid();
    const page = await textOf(await b.get(`/account/invoices/${invoiceId}`));
    expect(page).not.toContain('IBAN');
    expect(page).toContain('Your credit balance does not cover this invoice.');
    // A renewal or fee invoice (no order, no reservation) can wait for a transfer.
    const [own] = await sql<{ client_id: number }>(t, 'select client_id from invoice where id = ?', [invoiceId]);
    const [loose] = await sql<{ id: number }>(
      t,
      `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'USD', '5', '0', '5', current_date) returning id`,
      [own!.client_id],
    );
    const transfer = await textOf(await b.get(`/account/invoices/${loose!.id}`));
    expect(transfer).toContain('<div>IBAN DE89 3704 0044 0532 0130 00</div>');
    expect(transfer).toContain(`<code>INV-${loose!.id}</code>`);
    // A numbered invoice is referred to by the number its document and emails show.
    await sql(t, `update invoice set number = 'INV-2026-9001' where id = ?`, [loose!.id]);
    expect(await textOf(await b.get(`/account/invoices/${loose!.id}`))).toContain('<code>INV-2026-9001</code>');
    const res = await b.post(`/account/invoices/${invoiceId}/pay/credit`);
    expect(res.status).toBe(409);
    expect(await textOf(res)).toContain('Your credit balance does not cover this invoice.');
    expect(await statusOf(invoiceId)).toBe('unpaid');
  });

  it('shows the seller’s bank details when the bank transfer gateway has none of its own, and says there are none only when neither has', async () => {
    await sql(t, `update payment_gateway set settings = '{}' where key = 'manual'`);
    const { b, invoiceId } = await unpaid();
    const [own] = await sql<{ client_id: number }>(t, 'select client_id from invoice where id = ?', [invoiceId]);
    const [loose] = await sql<{ id: number }>(
      t,
      `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'USD', '5', '0', '5', current_date) returning id`,
      [own!.client_id],
    );
    try {
      await saveSellerDetails(t.em(), { name: 'Hostbill Ltd', bankDetails: '' });
      expect(await textOf(await b.get(`/account/invoices/${loose!.id}`))).toContain('Our bank details have not been published here yet');
      await saveSellerDetails(t.em(), { name: 'Hostbill Ltd', bankDetails: 'Hostbill Ltd\nIBAN GB33 BUKB 2020 1555 5555 55' });
      const page = await textOf(await b.get(`/account/invoices/${loose!.id}`));
      expect(page).toContain('<div>IBAN GB33 BUKB 2020 1555 5555 55</div>');
      expect(page).not.toContain('have not been published');
      // An invoice issued with its seller's details (its PDF prints those) shows them, whatever the settings say now.
      await sql(t, `update invoice set seller = ?::jsonb where id = ?`, [
        JSON.stringify({
          name: 'Hostbill Ltd',
          address: '',
          country: '',
          vatId: '',
          registrationNumber: '',
          email: '',
          bankDetails: 'IBAN AT61 1904 3002 3457 3201',
          footer: '',
        }),
        loose!.id,
      ]);
      expect(await textOf(await b.get(`/account/invoices/${loose!.id}`))).toContain('<div>IBAN AT61 1904 3002 3457 3201</div>');
    } finally {
      await saveSellerDetails(t.em(), { name: 'Hostbill', bankDetails: '' });
    }
  });
});

describe('the test gateway', () => {
  it('goes to a hosted page; approving twice is one payment, and the invoice says Paid', async () => {
    const { b, id, invoiceId } = await unpaid();
    const start = await b.post(`/account/invoices/${invoiceId}/pay/test`);
    expect(start.status).toBe(303);
    expect(start.headers.get('location')).toBe(`/pay/test/${invoiceId}`);
    const hosted = await textOf(await b.get(`/pay/test/${invoiceId}`));
    expect(hosted).toContain('TestPay');
    const [numbered] = await sql<{ number: string }>(t, 'select number from invoice where id = ?', [invoiceId]);
    expect(numbered!.number).toMatch(/^INV-\d{4}-\d{4}$/);
    expect(hosted).toContain(`Invoice ${numbered!.number}`);
    expect(hosted).toContain('20.00 USD');
    expect(hosted).toContain(`action="/pay/test/${invoiceId}/approve"`);
    const first = await b.post(`/pay/test/${invoiceId}/approve`);
    expect(first.headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=paid`);
    const second = await b.post(`/pay/test/${invoiceId}/approve`);
    expect(second.headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=already`);
    expect(await paymentsOf(invoiceId)).toEqual([{ gateway: 'test', reference: `test-${invoiceId}` }]);
    expect(await servicesOf(id)).toHaveLength(1);
    expect(await textOf(await b.get(`/account/invoices/${invoiceId}?payment=paid`))).toMatch(/<span class="badge ok">paid<\/span>/);
    expect((await b.get(`/pay/test/${invoiceId}`)).headers.get('location')).toBe(`/account/invoices/${invoiceId}`);
  });

  it('declining changes nothing and says so', async () => {
    const { b, invoiceId } = await unpaid();
    const res = await b.post(`/pay/test/${invoiceId}/decline`);
    expect(res.headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=declined`);
    expect(await textOf(await b.get(res.headers.get('location')!))).toContain('The payment was declined.');
    expect(await statusOf(invoiceId)).toBe('unpaid');
    expect(await paymentsOf(invoiceId)).toEqual([]);
  });

  it('an expired order cannot be paid: the Conflict sentence, and nothing recorded', async () => {
    const { b, invoiceId } = await unpaid();
    const late = new Browser(t, appAt(t, new Date(NOW.getTime() + 31 * 60_000)));
    late.cookie = b.cookie;
    late.csrf = b.csrf;
    const res = await late.post(`/pay/test/${invoiceId}/approve`);
    expect(res.status).toBe(409);
    expect(await textOf(res)).toContain('This order has expired and its units were released; please order again.');
    expect(await paymentsOf(invoiceId)).toEqual([]);
  });
});

describe("another client's invoice", () => {
  it('is a 404 everywhere, as are junk ids; signed-out visitors are sent to sign in', async () => {
    const { invoiceId } = await unpaid();
    const other = await shopper(t, { currency: 'USD' });
    for (const [method, path] of [
      ['GET', `/account/invoices/${invoiceId}`],
      ['POST', `/account/invoices/${invoiceId}/pay/credit`],
      ['POST', `/account/invoices/${invoiceId}/pay/test`],
      ['GET', `/pay/test/${invoiceId}`],
      ['POST', `/pay/test/${invoiceId}/approve`],
      ['POST', `/pay/test/${invoiceId}/decline`],
      ['GET', '/account/invoices/abc'],
      ['GET', '/account/invoices/0'],
      ['GET', '/account/invoices/99999999999999'],
      ['GET', '/account/invoices/%00'],
      ['POST', '/pay/test/abc/approve'],
      ['POST', `/account/invoices/${invoiceId}/pay/manual`],
      ['POST', `/account/invoices/${invoiceId}/pay/bitcoin`],
    ] as const) {
      const res = method === 'GET' ? await other.b.get(path) : await other.b.post(path);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect(await statusOf(invoiceId)).toBe('unpaid');
    const anonymous = await new Browser(t).get(`/pay/test/${invoiceId}`);
    expect(anonymous.headers.get('location')).toBe(`/account/sign-in?next=${encodeURIComponent(`/pay/test/${invoiceId}`)}`);
    expect((await new Browser(t).post(`/pay/test/${invoiceId}/approve`)).status).toBe(401);
  });
});

describe('staff', () => {
  it('mark a bank transfer paid from the invoice page, once, with a reference', async () => {
    const { id, invoiceId } = await unpaid();
    const owner = await staffClient(t, 'owner');
    const client = await textOf(await owner.get(`/admin/clients/${id}`));
    expect(client).toContain(`href="/admin/invoices/${invoiceId}"`);
    const page = await textOf(await owner.get(`/admin/invoices/${invoiceId}`));
    // The reference clients are asked to write: the invoice's number.
    const [numbered] = await sql<{ number: string }>(t, 'select number from invoice where id = ?', [invoiceId]);
    expect(page).toContain(`<code>${numbered!.number}</code>`);
    expect(page).toContain('Mark paid');
    const support = await staffClient(t, 'support');
    expect(await textOf(await support.get(`/admin/invoices/${invoiceId}`))).not.toContain('Mark paid');
    expect((await support.post(`/admin/invoices/${invoiceId}/mark-paid`, { reference: 'X', confirmed: '1' })).status).toBe(403);
    const res = await owner.post(`/admin/invoices/${invoiceId}/mark-paid`, { reference: 'BANK-42', confirmed: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/invoices/${invoiceId}?done=paid`);
    expect(await textOf(await owner.get(res.headers.get('location')!))).toContain('BANK-42');
    const again = await owner.post(`/admin/invoices/${invoiceId}/mark-paid`, { reference: '', confirmed: '1' });
    expect(again.headers.get('location')).toBe(`/admin/invoices/${invoiceId}?done=already`);
    expect(await paymentsOf(invoiceId)).toEqual([{ gateway: 'manual', reference: 'BANK-42' }]);
    expect(await servicesOf(id)).toHaveLength(1);
  });

  it('get 404s for unknown invoices and 422 for a reference too long', async () => {
    const { invoiceId } = await unpaid();
    const owner = await staffClient(t, 'owner');
    expect((await owner.get('/admin/invoices/999999')).status).toBe(404);
    expect((await owner.get('/admin/invoices/x')).status).toBe(404);
    expect((await owner.post('/admin/invoices/999999/mark-paid', {})).status).toBe(404);
    const long = await owner.post(`/admin/invoices/${invoiceId}/mark-paid`, { reference: 'x'.repeat(500), confirmed: '1' });
    expect(long.status).toBe(422);
    expect(await textOf(long)).toContain('Use at most 120 characters.');
    expect(await statusOf(invoiceId)).toBe('unpaid');
  });

  it('without JavaScript, asks with a page of its own first, the typed reference carried; a reload goes back to the invoice', async () => {
    const { invoiceId } = await unpaid();
    const owner = await staffClient(t, 'owner');
    const page = await textOf(await owner.get(`/admin/invoices/${invoiceId}`));
    // With JavaScript the button's dialog asks, and its request says so.
    expect(page).toMatch(
      /hx-confirm="Record a bank transfer of [\d.,]+ USD for invoice INV-[\d-]+\? It becomes paid and its services start or renew\."/,
    );
    expect(page).toContain(`hx-vals="{"confirmed":"1"}"`);
    const asked = await owner.post(`/admin/invoices/${invoiceId}/mark-paid`, { reference: 'BANK <7>' });
    expect(asked.status).toBe(200);
    const question = await textOf(asked);
    expect(question).toMatch(/<h1>Record a bank transfer of [\d.,]+ USD for invoice INV-[\d-]+\?<\/h1>/);
    expect(question).toContain('<input type="hidden" name="confirmed" value="1"/>');
    expect(question).toContain('<input type="hidden" name="reference" value="BANK <7>"/>');
    expect(question).toContain(`<a href="/admin/invoices/${invoiceId}">Keep it as it is</a>`);
    expect(await statusOf(invoiceId)).toBe('unpaid');
    const reload = await owner.get(`/admin/invoices/${invoiceId}/mark-paid`);
    expect(reload.status).toBe(303);
    expect(reload.headers.get('location')).toBe(`/admin/invoices/${invoiceId}`);
    expect((await owner.post(`/admin/invoices/${invoiceId}/mark-paid`, { reference: 'BANK <7>', confirmed: '1' })).status).toBe(303);
    expect(await paymentsOf(invoiceId)).toEqual([{ gateway: 'manual', reference: 'BANK <7>' }]);
  });
});
