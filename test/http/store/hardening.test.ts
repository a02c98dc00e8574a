import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, ORIGIN, type TestApp } from '../../helpers/app.ts';
import { createApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { placeOrder } from '../../../src/modules/checkout/place-order.ts';
import { markInvoicePaid } from '../../../src/modules/invoicing/mark-invoice-paid.ts';
import { payInvoice } from '../../../src/modules/invoicing/pay-invoice.ts';
import { addCredit } from '../../../src/modules/invoicing/add-credit.ts';
import { requestCancellation } from '../../../src/modules/services/request-cancellation.ts';
import { updateClientProfile } from '../../../src/modules/clients/update-client-profile.ts';
import { saveTaxRate } from '../../../src/modules/settings/save-tax-rate.ts';
import { saveCurrency } from '../../../src/modules/settings/save-currency.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { Browser, fieldError } from '../client/helpers.ts';
import { monthly, shopper, storePackage, withCart } from './helpers.ts';

// Money, payment and input edge cases that once slipped through.

let t: TestApp;
let catalogId: number;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

async function clientRow(currency: string, country = 'GB') {
  const [c] = await sql<{ id: number }>(`insert into client (email, name, currency, country) values (?, 'Edge', ?, ?) returning id`, [
    `edge-${Math.random().toString(36).slice(2)}@example.com`,
    currency,
    country,
  ]);
  return c!.id;
}

beforeAll(async () => {
  t = await makeTestApp();
  ({ catalogId } = await seedBasics(t));
  await saveTaxRate(t.em(), { country: 'DE', name: 'MwSt', rate: '19' });
});
afterAll(() => t.close());

describe('payments', () => {
  it('the test gateway is off in production unless asked for, and order invoices offer no bank transfer', async () => {
    const prod = createApp({
      orm: t.orm,
      config: loadConfig({
        ...process.env,
        DATABASE_URL: 'postgres://x@127.0.0.1/x',
        NODE_ENV: 'production',
        APP_SECRET: 'p'.repeat(40),
        PUBLIC_URL: 'https://billing.example.com',
        SMTP_URL: 'smtp://127.0.0.1:1025',
        UPLOAD_DIR: t.config.UPLOAD_DIR,
      }),
    });
    const { id: pkg } = await storePackage(t, catalogId, 'Gated');
    const { b, id } = await shopper(t, { currency: 'USD' }, prod);
    const { invoice } = await placeOrder(t.em(), { clientId: id, packageId: pkg, priceName: 'Monthly' }, new Date());
    const page = await (await b.get(`/account/invoices/${invoice.id}`)).text();
    expect(page).not.toContain('Pay with the test gateway');
    expect(page).not.toContain('Bank transfer');
    expect((await b.post(`/account/invoices/${invoice.id}/pay/test`)).status).toBe(404);
    expect((await b.get(`/pay/test/${invoice.id}`)).status).toBe(404);
    expect((await sql<{ status: string }>('select status from invoice where id = ?', [invoice.id]))[0]!.status).toBe('unpaid');
  });

  it('one bank reference cannot pay two invoices', async () => {
    const { id: pkg } = await storePackage(t, catalogId, 'Referenced');
    const a = await placeOrder(t.em(), { clientId: await clientRow('USD'), packageId: pkg, priceName: 'Monthly' }, new Date());
    const b = await placeOrder(t.em(), { clientId: await clientRow('USD'), packageId: pkg, priceName: 'Monthly' }, new Date());
    await markInvoicePaid(t.em(), a.invoice.id, { reference: 'BANK-1' }, new Date());
    await expect(markInvoicePaid(t.em(), b.invoice.id, { reference: 'BANK-1' }, new Date())).rejects.toThrow(
      `The reference BANK-1 is already recorded on invoice #${a.invoice.id}.`,
    );
    expect((await sql<{ status: string }>('select status from invoice where id = ?', [b.invoice.id]))[0]!.status).toBe('unpaid');
  });

  it('a client with credit cannot switch currency (the balance would change meaning)', async () => {
    const id = await clientRow('EUR');
    await addCredit(t.em(), id, { amount: '100', reason: 'Refund' }, new Date());
    await expect(updateClientProfile(t.em(), id, { currency: 'USD' })).rejects.toThrow(
      'Your credit balance is held in EUR; the currency can change once it is used up.',
    );
    expect((await sql<{ currency: string }>('select currency from client where id = ?', [id]))[0]!.currency).toBe('EUR');
  });
});

describe('a client billed in one currency', () => {
  it('cannot switch to another while a service renews or an invoice waits in the first; can once they are paid or ended', async () => {
    await saveCurrency(t.em(), { code: 'EUR', name: 'Euro', rate: '0.92' }).catch(() => undefined);
    const { id: pkg } = await storePackage(t, catalogId, 'Billed in USD');
    const id = await clientRow('USD');
    const { invoice } = await placeOrder(t.em(), { clientId: id, packageId: pkg, priceName: 'Monthly' }, new Date());
    const refusal = 'Your services or unpaid invoices are billed in USD; the currency can change once they have ended or been paid.';
    // The unpaid order invoice, then the service it became once paid.
    await expect(updateClientProfile(t.em(), id, { currency: 'EUR' })).rejects.toThrow(refusal);
    await payInvoice(t.em(), { invoiceId: invoice.id, gateway: 'manual', reference: `switch-${invoice.id}` }, new Date());
    await expect(updateClientProfile(t.em(), id, { currency: 'EUR' })).rejects.toThrow(refusal);
    // Saving anything else with the currency unchanged is never refused for it.
    await updateClientProfile(t.em(), id, { currency: 'USD', name: 'Renamed' });
    await sql(`update service set status = 'terminated' where client_id = ?`, [id]);
    await updateClientProfile(t.em(), id, { currency: 'EUR' });
    expect((await sql<{ currency: string; name: string }>('select currency, name from client where id = ?', [id]))[0]).toEqual({
      currency: 'EUR',
      name: 'Renamed',
    });
  });
});

describe('orders and cancellation fees', () => {
  it('a converted order snapshots the default-currency price it was priced from', async () => {
    await saveCurrency(t.em(), { code: 'GBP', name: 'Pound', rate: '0.8' });
    // The GBP row comes first; a EUR order has no EUR row and converts the default (USD) one.
    const { id: pkg } = await storePackage(t, catalogId, 'Two rows', {}, [monthly('GBP', '99.00'), monthly('USD', '10.00')]);
    const { order } = await placeOrder(
      t.em(),
      { clientId: await clientRow('EUR'), packageId: pkg, priceName: 'Monthly', currency: 'EUR' },
      new Date(),
    );
    const [line] = await sql<{ snapshot: { price: { currency: string; price: string } } }>(
      'select snapshot from order_line where order_id = ?',
      [order.id],
    );
    expect(line!.snapshot.price).toMatchObject({ currency: 'USD', price: '10.0000' });
  });

  it('invoices a cancellation fee in the order currency, converted, taxed and rounded', async () => {
    const { id: pkg } = await storePackage(t, catalogId, 'Fee', { allowCancellation: '1' }, [
      monthly('USD', '10.00', { cancellationFee: '9.9951' }),
    ]);
    const clientId = await clientRow('EUR', 'DE');
    const { invoice } = await placeOrder(t.em(), { clientId, packageId: pkg, priceName: 'Monthly' }, new Date());
    await payInvoice(t.em(), { invoiceId: invoice.id, gateway: 'manual', reference: `fee-${invoice.id}` }, new Date());
    const [svc] = await sql<{ id: number }>(`select id from service where client_id = ?`, [clientId]);
    await sql(`update service set status = 'active' where id = ?`, [svc!.id]);
    await requestCancellation(t.em(), clientId, svc!.id, 'now', t.config.APP_SECRET, new Date());
    const [fee] = await sql<{ currency: string; subtotal: string; tax: string; total: string; amount: string }>(
      `select i.currency, i.subtotal, i.tax, i.total, l.amount from invoice i join invoice_line l on l.invoice_id = i.id where l.kind = 'cancellation' and l.service_id = ?`,
      [svc!.id],
    );
    // 9.9951 USD at 0.92 = 9.1955 EUR; subtotal 9.20, 19% tax 1.75, total 10.95.
    expect(fee).toEqual({ currency: 'EUR', amount: '9.1955', subtotal: '9.2000', tax: '1.7500', total: '10.9500' });
  });
});

describe('junk that once gave a 500', () => {
  it('answers broken percent-encoding, far dates and deep JSON with 4xx', async () => {
    expect((await t.app.request(`${ORIGIN}/assets/%ZZ.css`)).status).toBe(404);
    expect((await t.app.request(`${ORIGIN}/uploads/%E0%A4%A.png`)).status).toBe(404);
    const token = await apiToken(t, 'owner');
    const { id: pkg } = await storePackage(t, catalogId, 'Yearly', {}, [
      { name: 'Yearly', type: 'recurring', intervalCount: 1, period: 'year', currency: 'USD', price: '100' },
    ]);
    const post = (body: string) =>
      t.app.request(`${ORIGIN}/api/v1/quotes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
    const far = await post(JSON.stringify({ packageId: pkg, priceName: 'Yearly', orderDate: '9999-06-01' }));
    expect(far.status).toBe(422);
    expect((await far.json()).error.fields.orderDate).toBe('Use a date between 1970 and 2199.');
    const deep = await post(`{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect(deep.status).toBe(422);
    expect((await deep.json()).error.message).toBe('The JSON is nested too deeply.');
  });
});

describe('amounts too large for an invoice', () => {
  it('a huge price times a quantity is refused by the quantity, on the page and in the cart, never a 500', async () => {
    const huge = await storePackage(t, catalogId, 'Huge Box', { allowQuantity: '1' }, [monthly('USD', '99999999999999.9999')]);
    const b = new Browser(t);
    const quoted = await b.post(`/store/${huge.slug}/quote`, { priceName: 'Monthly', quantity: '100' }, { htmx: true });
    expect(quoted.status).toBeLessThan(500);
    expect(await textOf(quoted)).toContain('That is more than one invoice can hold: order fewer.');
    const page = await b.post(`/store/${huge.slug}/quote`, { priceName: 'Monthly', quantity: '100' });
    expect(page.status).toBeLessThan(500);
    expect(fieldError(await textOf(page), 'quantity')).toBe('That is more than one invoice can hold: order fewer.');
    // One unit fits, and is priced.
    expect(await textOf(await b.post(`/store/${huge.slug}/quote`, { priceName: 'Monthly', quantity: '1' }, { htmx: true }))).toContain(
      '100,000,000,000,000.00 USD',
    );
    const cart = withCart(new Browser(t));
    // Two lines that each fit, and not together.
    expect((await cart.post(`/store/${huge.slug}/cart`, { priceName: 'Monthly', quantity: '5' })).status).toBe(303);
    expect((await cart.post(`/store/${huge.slug}/cart`, { priceName: 'Monthly', quantity: '5' })).status).toBe(303);
    const cartPage = await cart.get('/cart');
    expect(cartPage.status).toBe(200);
    expect(await textOf(cartPage)).toContain('That is more than one invoice can hold: order fewer.');
  });
});
