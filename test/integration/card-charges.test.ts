import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayEnv } from '../../src/config.ts';
import { chargeDueInvoices } from '../../src/modules/payments/charge-due-invoices.ts';
import { chargeKey } from '../../src/modules/payments/charge-saved-card.ts';
import { claimChargeAttempt, CLAIM_MS } from '../../src/modules/payments/claim-charge-attempt.ts';
import { stripeFor } from '../../src/modules/payments/stripe/client.ts';
import { staffClient, type TestApp } from '../helpers/app.ts';
import { leavingTo, makeStripeApp, payOnStripePage, SECRET_KEY } from '../helpers/stripe-app.ts';
import type { StripeStandIn } from '../helpers/stripe-stand-in.ts';
import { seedBasics, textOf } from '../http/fixtures.ts';
import { sql, type Browser } from '../http/client/helpers.ts';
import { shopper } from '../http/store/helpers.ts';

let t: TestApp;
let stripe: StripeStandIn;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ t, stripe, close } = await makeStripeApp());
  await seedBasics(t);
  stripe.webhookMode = 'manual';
});
afterAll(() => close());

const DUE = '2027-05-01';
const at = (date: string) => new Date(`${date}T09:00:00Z`);
const run = (date: string) => chargeDueInvoices(t.em(), date, gatewayEnv(t.config), t.config.APP_SECRET, at(date));

/** A client who saved `card` through Stripe's page in setup mode, from the cards page. */
async function clientWithCard(card: string) {
  // English: the emails below are read in their English wording.
  const s = await shopper(t, { currency: 'USD', country: 'US', language: 'en' });
  const res = await s.b.post('/account/cards/add');
  expect(res.status).toBe(200);
  const back = await payOnStripePage(leavingTo(await textOf(res)), card);
  expect(back).toMatch(/^\/account\/cards\/return\?session_id=cs_/);
  expect((await s.b.get(back!)).headers.get('location')).toBe('/account/cards?done=saved');
  return s;
}

async function renewalInvoice(clientId: number, total = '30.0000', due = DUE) {
  const [row] = await sql<{ id: number }>(
    t,
    `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'USD', ?, '0', ?, ?) returning id`,
    [clientId, total, total, due],
  );
  return row!.id;
}

const attemptsOf = (invoiceId: number) =>
  sql<{ attempt: number; status: string }>(t, 'select attempt, status from charge_attempt where invoice_id = ? order by attempt', [
    invoiceId,
  ]);
const paymentsOf = (invoiceId: number) =>
  sql<{ reference: string; amount: string }>(t, 'select reference, amount from payment where invoice_id = ?', [invoiceId]);
const chargesOf = (invoiceId: number) =>
  stripe.requests.filter(
    (r) =>
      r.method === 'POST' &&
      r.path === '/v1/payment_intents' &&
      (r.body.metadata as Record<string, string> | undefined)?.invoice_id === String(invoiceId),
  );
const mailsTo = (email: string) =>
  sql<{ subject: string; text: string }>(t, 'select subject, text from mail_message where "to" = ? order by id', [email]);

describe('saved cards', () => {
  it('a card saved in setup mode is listed as the default; a second one can become the default; removing detaches it at Stripe', async () => {
    const s = await clientWithCard('4242424242424242');
    const page = await textOf(await s.b.get('/account/cards?done=saved'));
    expect(page).toContain('Your card is saved.');
    expect(page).toMatch(/visa<\/span> ending 4242/);
    expect(page).toContain('Default');
    const second = await s.b.post('/account/cards/add');
    const back = await payOnStripePage(leavingTo(await textOf(second)), '5555555555554444');
    await s.b.get(back!);
    const cards = await sql<{ id: number; last4: string; is_default: boolean; reference: string }>(
      t,
      'select id, last4, is_default, reference from saved_card where client_id = ? order by id',
      [s.id],
    );
    expect(cards.map((c) => [c.last4, c.is_default])).toEqual([
      ['4242', true],
      ['4444', false],
    ]);
    expect((await s.b.post(`/account/cards/${cards[1]!.id}/default`)).headers.get('location')).toBe('/account/cards?done=default');
    expect(
      (await sql<{ last4: string }>(t, 'select last4 from saved_card where client_id = ? and is_default', [s.id])).map((c) => c.last4),
    ).toEqual(['4444']);
    expect((await s.b.post(`/account/cards/${cards[1]!.id}/remove`)).headers.get('location')).toBe('/account/cards?done=removed');
    expect(stripe.requests.some((r) => r.path === `/v1/payment_methods/${cards[1]!.reference}/detach`)).toBe(true);
    // The remaining card takes over as the default.
    expect(
      await sql<{ last4: string; is_default: boolean }>(t, 'select last4, is_default from saved_card where client_id = ?', [s.id]),
    ).toEqual([{ last4: '4242', is_default: true }]);
  });

  it("another client's card, junk ids and a forged return are 404s that change nothing", async () => {
    const a = await clientWithCard('4242424242424242');
    const b = await shopper(t, { currency: 'USD', country: 'US' });
    const [card] = await sql<{ id: number }>(t, 'select id from saved_card where client_id = ?', [a.id]);
    expect((await b.b.post(`/account/cards/${card!.id}/remove`)).status).toBe(404);
    expect((await b.b.post(`/account/cards/${card!.id}/default`)).status).toBe(404);
    expect((await b.b.post('/account/cards/abc/remove')).status).toBe(404);
    expect((await b.b.get('/account/cards/return?session_id=cs_junk')).status).toBe(404);
    expect(await sql(t, 'select 1 from saved_card where id = ?', [card!.id])).toHaveLength(1);
  });
});

describe('automatic renewal charges', () => {
  it('charges the default card once on the due date, whatever runs race; the webhook adds nothing', async () => {
    const s = await clientWithCard('4242424242424242');
    const invoiceId = await renewalInvoice(s.id);
    expect(await run('2027-04-30')).toMatchObject({ charged: 0 });
    const results = await Promise.all([run(DUE), run(DUE), run(DUE)]);
    expect(results.reduce((n, r) => n + r.charged, 0)).toBe(1);
    expect(await attemptsOf(invoiceId)).toEqual([{ attempt: 1, status: 'succeeded' }]);
    const [payment] = await paymentsOf(invoiceId);
    expect(payment).toMatchObject({ amount: '30.0000' });
    expect(chargesOf(invoiceId).every((r) => r.idempotencyKey === chargeKey(invoiceId, 1))).toBe(true);
    expect(chargesOf(invoiceId).filter((r) => !r.replayed && r.status === 200)).toHaveLength(1);
    await stripe.deliverAll({ times: 2, order: 'reverse' });
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
    expect(await run('2027-05-02')).toMatchObject({ charged: 0 });
  });

  it('a declined card is retried on the retry days only, and pays when it goes through; the client is told each time', async () => {
    const s = await clientWithCard('4000000000000341');
    const invoiceId = await renewalInvoice(s.id, '12.5000');
    expect(await run(DUE)).toMatchObject({ declined: 1 });
    expect(await run(DUE)).toMatchObject({ declined: 0, charged: 0 });
    // Retry days 1, 3, 5: nothing on day 2.
    expect(await run('2027-05-02')).toMatchObject({ declined: 1 });
    expect(await run('2027-05-03')).toMatchObject({ declined: 0 });
    expect(await attemptsOf(invoiceId)).toEqual([
      { attempt: 1, status: 'declined' },
      { attempt: 2, status: 'declined' },
    ]);
    const mails = await mailsTo(s.email);
    expect(mails.map((m) => m.subject)).toEqual([
      `We could not charge your card for invoice #${invoiceId}`,
      `We could not charge your card for invoice #${invoiceId}`,
    ]);
    expect(mails[0]!.text).toContain(`${t.config.PUBLIC_URL}/account/invoices/${invoiceId}`);
    const staffPage = await textOf(await (await staffClient(t, 'support')).get(`/admin/invoices/${invoiceId}`));
    expect(staffPage).toContain('Automatic card charges');
    expect(staffPage.match(/Declined/g)).toHaveLength(2);
    expect(staffPage).toContain('visa ending 0341');
    // The client saves a working card: the next retry day charges it.
    const second = await s.b.post('/account/cards/add');
    await s.b.get((await payOnStripePage(leavingTo(await textOf(second)), '4242424242424242'))!);
    const [good] = await sql<{ id: number }>(t, "select id from saved_card where client_id = ? and last4 = '4242'", [s.id]);
    await s.b.post(`/account/cards/${good!.id}/default`);
    expect(await run('2027-05-04')).toMatchObject({ charged: 1 });
    expect(await attemptsOf(invoiceId)).toEqual([
      { attempt: 1, status: 'declined' },
      { attempt: 2, status: 'declined' },
      { attempt: 3, status: 'succeeded' },
    ]);
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
  });

  it('stops after the last retry day and says so', async () => {
    const s = await clientWithCard('4000000000000341');
    const invoiceId = await renewalInvoice(s.id);
    for (const day of ['2027-05-01', '2027-05-02', '2027-05-04', '2027-05-06', '2027-05-20']) await run(day);
    expect((await attemptsOf(invoiceId)).map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    const mails = await mailsTo(s.email);
    expect(mails.at(-1)!.text).toContain('We will not try the card again');
  });

  it('a bank asking for authentication stops the retries and emails a link to pay', async () => {
    const s = await clientWithCard('4000002760003184');
    const invoiceId = await renewalInvoice(s.id);
    expect(await run(DUE)).toMatchObject({ authentication_required: 1 });
    expect(await run('2027-05-02')).toMatchObject({ authentication_required: 0, declined: 0, charged: 0 });
    expect(await attemptsOf(invoiceId)).toEqual([{ attempt: 1, status: 'authentication_required' }]);
    const [mail] = await mailsTo(s.email);
    expect(mail!.subject).toBe(`Please confirm the payment of invoice #${invoiceId}`);
    expect(mail!.text).toContain(`${t.config.PUBLIC_URL}/account/invoices/${invoiceId}`);
    // The client pays on the invoice page, where the bank's check happens.
    const res = await s.b.post(`/account/invoices/${invoiceId}/pay/stripe`, {});
    const back = await payOnStripePage(leavingTo(await textOf(res)), '4000002500003155', 'complete');
    expect((await s.b.get(back!)).headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=paid`);
  });

  it('an attempt whose run stopped mid-call is taken over later with the same idempotency key', async () => {
    const s = await clientWithCard('4242424242424242');
    const invoiceId = await renewalInvoice(s.id);
    // A run that claimed attempt 1 and died before hearing from Stripe.
    const [card] = await sql<{ id: number }>(t, 'select id from saved_card where client_id = ?', [s.id]);
    await sql(t, "insert into charge_attempt (invoice_id, attempt, card_id, status, claimed_at) values (?, 1, ?, 'pending', ?)", [
      invoiceId,
      card!.id,
      new Date(at(DUE).getTime() - 60_000),
    ]);
    expect(await run(DUE)).toMatchObject({ charged: 0 });
    const later = new Date(at(DUE).getTime() + CLAIM_MS);
    expect(await chargeDueInvoices(t.em(), DUE, gatewayEnv(t.config), t.config.APP_SECRET, later)).toMatchObject({ charged: 1 });
    expect(chargesOf(invoiceId).map((r) => r.idempotencyKey)).toEqual([chargeKey(invoiceId, 1)]);
    expect(await attemptsOf(invoiceId)).toEqual([{ attempt: 1, status: 'succeeded' }]);
  });

  it('a run that stopped after Stripe charged: the webhook pays the invoice and settles the attempt', async () => {
    const s = await clientWithCard('4242424242424242');
    const invoiceId = await renewalInvoice(s.id);
    const claim = (await claimChargeAttempt(t.em(), invoiceId, 1, at(DUE)))!;
    // The charge reached Stripe, then the run died before recording anything.
    const sdk = await stripeFor({ secret_key: SECRET_KEY }, gatewayEnv(t.config));
    await sdk.paymentIntents.create(
      {
        amount: 3000,
        currency: 'usd',
        customer: claim.customer,
        payment_method: claim.card.reference,
        off_session: true,
        confirm: true,
        metadata: { invoice_id: String(invoiceId), client_id: String(s.id), attempt: '1' },
      },
      { idempotencyKey: chargeKey(invoiceId, 1) },
    );
    await stripe.deliverAll();
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
    expect(await attemptsOf(invoiceId)).toEqual([{ attempt: 1, status: 'succeeded' }]);
    expect(await run('2027-05-02')).toMatchObject({ charged: 0, skipped: 0 });
  });

  it('an invoice first charged late is retried over the following days, not on the next hourly runs', async () => {
    const s = await clientWithCard('4000000000000341');
    const invoiceId = await renewalInvoice(s.id);
    const hours = ['06', '07', '08', '09'].map((h) => new Date(`2027-05-20T${h}:00:00Z`));
    for (const now of hours) await chargeDueInvoices(t.em(), '2027-05-20', gatewayEnv(t.config), t.config.APP_SECRET, now);
    expect((await attemptsOf(invoiceId)).map((a) => a.attempt)).toEqual([1]);
    await run('2027-05-21');
    await run('2027-05-22');
    expect((await attemptsOf(invoiceId)).map((a) => a.attempt)).toEqual([1, 2]);
    await run('2027-05-23');
    expect((await attemptsOf(invoiceId)).map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(await mailsTo(s.email)).toHaveLength(3);
  });

  it('an order invoice, a client without a card, or the setting off are left alone', async () => {
    const s = await shopper(t, { currency: 'USD', country: 'US' });
    const invoiceId = await renewalInvoice(s.id);
    expect(await run(DUE)).toMatchObject({ charged: 0 });
    expect(await attemptsOf(invoiceId)).toEqual([]);
    const c = await clientWithCard('4242424242424242');
    const other = await renewalInvoice(c.id);
    await sql(t, `update payment_gateway set settings = settings || '{"auto_charge": false}' where key = 'stripe'`);
    try {
      expect(await run(DUE)).toMatchObject({ charged: 0 });
      expect(await attemptsOf(other)).toEqual([]);
    } finally {
      await sql(t, `update payment_gateway set settings = settings || '{"auto_charge": true}' where key = 'stripe'`);
    }
  });
});

export type { Browser };
