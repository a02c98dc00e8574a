import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { makeStripeApp, SECRET_KEY } from '../../helpers/stripe-app.ts';
import type { StripeStandIn } from '../../helpers/stripe-stand-in.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { sql } from '../client/helpers.ts';
import { shopper } from '../store/helpers.ts';

let t: TestApp;
let stripe: StripeStandIn;
let close: () => Promise<void>;
let owner: Client;

beforeAll(async () => {
  ({ t, stripe, close } = await makeStripeApp());
  await seedBasics(t);
  owner = await staffClient(t, 'owner');
});
afterAll(() => close());

const order = async () => (await sql<{ key: string }>(t, 'select key from payment_gateway order by position, key')).map((r) => r.key);
const stripeRow = async () =>
  (
    await sql<{ enabled: boolean; currencies: string[]; settings: Record<string, unknown>; secrets: string }>(
      t,
      "select enabled, currencies, settings, secrets from payment_gateway where key = 'stripe'",
    )
  )[0]!;
// As the form posts: a ticked box's "1" after its hidden "0".
const save = (form: Record<string, string | string[]>) =>
  owner.post('/admin/payments/stripe', {
    enabled: '1',
    'settings[secret_key]': '',
    'settings[webhook_secret]': '',
    'settings[retry_days]': '1,3,5',
    'settings[auto_charge]': '1',
    'settings[dispute_suspends]': '1',
    ...form,
  });

describe('the payment gateways page', () => {
  it('lists every gateway in the order clients see them, with its state and mode', async () => {
    const page = await textOf(await owner.get('/admin/payments'));
    for (const label of ['Account credit', 'Card', 'Bank transfer', 'Test gateway']) expect(page).toContain(`>${label}</a>`);
    expect(page).toContain('Test mode');
    expect(page).toContain('All currencies');
    // Staff are told where a bank transfer is not offered, and why.
    expect(page).toMatch(/not on a new order(?:'|&#39;)s \(its units are held for minutes, a transfer takes days\)/);
  });

  it('moves a gateway up and down; the htmx answer is the table alone; the ends stay put', async () => {
    const before = await order();
    const res = await owner.post('/admin/payments/test/move', { direction: 'up' }, { htmx: true });
    const html = await textOf(res);
    expect(html.startsWith('<table class="table" id="gateways"')).toBe(true);
    const after = await order();
    const at = before.indexOf('test');
    expect(after[at - 1]).toBe('test');
    await owner.post(`/admin/payments/${before[0]}/move`, { direction: 'up' });
    expect((await order())[0]).toBe(after[0]);
    expect((await owner.post('/admin/payments/nope/move', { direction: 'up' })).status).toBe(404);
    await owner.post('/admin/payments/test/move', { direction: 'down' });
    expect(await order()).toEqual(before);
  });
});

describe('the Stripe settings', () => {
  it('keeps the secret key sealed, never shows it, and a blank field keeps it', async () => {
    const page = await textOf(await owner.get('/admin/payments/stripe'));
    expect(page).not.toContain(SECRET_KEY);
    expect(page).toContain('(stored; leave blank to keep)');
    expect(page).toContain(`${t.config.PUBLIC_URL}/webhooks/stripe`);
    const row = await stripeRow();
    expect(row.secrets).not.toContain(SECRET_KEY);
    expect(row.secrets.startsWith('v1.')).toBe(true);
    expect((await save({ 'settings[retry_days]': '2, 4' })).status).toBe(303);
    const after = await stripeRow();
    expect(after.settings.retry_days).toBe('2, 4');
    expect(await textOf(await owner.post('/admin/payments/stripe/test', {}, { htmx: true }))).toContain(
      'Connected to Stripe in test mode.',
    );
    await save({});
  });

  it('answers junk with messages next to the fields, never a 500, and changes nothing', async () => {
    const before = await stripeRow();
    const cases: [Record<string, string | string[]>, string][] = [
      [{ 'settings[secret_key]': 'nope' }, 'The secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_.'],
      [{ 'settings[webhook_secret]': 'secret' }, 'The webhook signing secret starts with whsec_.'],
      [{ 'settings[retry_days]': 'tomorrow' }, 'Write whole days separated by commas, e.g. 1,3,5.'],
      [{ 'currencies[]': 'XXX' }, "XXX is not one of the store's currencies."],
      [{ 'currencies[]': 'euro' }, 'Currencies must be codes like EUR.'],
      [{ 'settings[secret_key]': 'x'.repeat(5000) }, 'at most 200 characters'],
    ];
    for (const [form, message] of cases) {
      const res = await save(form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      const html = await textOf(res);
      expect(html).toContain(message);
      // A typed secret is never sent back into the page.
      if (form['settings[secret_key]']) expect(html).not.toContain(String(form['settings[secret_key]']));
    }
    expect(await stripeRow()).toEqual(before);
    // A key typed into a form refused for another field is asked for again, not silently dropped.
    const other = await textOf(await save({ 'settings[secret_key]': 'sk_test_TypedAgain123', 'settings[retry_days]': 'tomorrow' }));
    expect(other).toContain('Type it again: a secret is not shown back on the page, and left blank the stored one is kept.');
    expect(other).not.toContain('sk_test_TypedAgain123');
    expect(await textOf(await save({ 'settings[retry_days]': 'tomorrow' }))).not.toContain('Type it again');
    expect(await stripeRow()).toEqual(before);
    expect((await owner.get('/admin/payments/bitcoin')).status).toBe(404);
    expect((await owner.post('/admin/payments/bitcoin', { enabled: 'on' })).status).toBe(404);
  });

  it("a revoked key fails the connection test with Stripe's message", async () => {
    stripe.revokedKey = SECRET_KEY;
    try {
      const html = await textOf(await owner.post('/admin/payments/stripe/test', {}, { htmx: true }));
      expect(html).toContain('test fail');
      expect(html).toContain('Invalid API Key');
    } finally {
      stripe.revokedKey = null;
    }
  });

  it('support staff can look but not change anything', async () => {
    const support = await staffClient(t, 'support');
    expect((await support.get('/admin/payments/stripe')).status).toBe(200);
    expect((await support.post('/admin/payments/stripe', { enabled: '' })).status).toBe(403);
    expect((await stripeRow()).enabled).toBe(true);
  });
});

describe('what clients are offered', () => {
  it('a gateway limited to other currencies, or switched off, is not offered and cannot be started', async () => {
    const s = await shopper(t, { currency: 'USD', country: 'US' });
    const [inv] = await sql<{ id: number }>(
      t,
      `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'USD', '9', '0', '9', current_date) returning id`,
      [s.id],
    );
    expect(await textOf(await s.b.get(`/account/invoices/${inv!.id}`))).toContain('Pay by card');
    expect((await save({ 'currencies[]': 'EUR' })).status).toBe(303);
    expect(await textOf(await s.b.get(`/account/invoices/${inv!.id}`))).not.toContain('Pay by card');
    expect((await s.b.post(`/account/invoices/${inv!.id}/pay/stripe`, {})).status).toBe(404);
    expect((await save({ enabled: '0' })).status).toBe(303);
    expect((await s.b.post(`/account/invoices/${inv!.id}/pay/stripe`, {})).status).toBe(404);
    expect((await s.b.get('/account/cards')).status).toBe(200);
    expect((await s.b.post('/account/cards/add')).status).toBe(404);
    await save({});
    expect(await textOf(await s.b.get(`/account/invoices/${inv!.id}`))).toContain('Pay by card');
  });
});
