import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStripeStandIn, type StripeStandIn } from '../helpers/stripe-stand-in.ts';
import { parseForm } from '../helpers/stripe-stand-in/form.ts';

const SECRET = 'whsec_standin_0123456789abcdef';

/** The shop's webhook endpoint: keeps the raw body and checks the signature with the SDK itself. */
async function startReceiver(secret: string) {
  const received: { event: Stripe.Event; raw: string }[] = [];
  const refused: string[] = [];
  let failNext = 0;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end();
        return;
      }
      try {
        const event = Stripe.webhooks.constructEvent(raw, String(req.headers['stripe-signature']), secret);
        received.push({ event, raw });
        res.writeHead(200).end('{}');
      } catch (e) {
        refused.push(e instanceof Error ? e.message : String(e));
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/stripe/webhook`,
    received,
    refused,
    types: () => received.map((r) => r.event.type),
    failNextCalls: (n: number) => (failNext = n),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let standIn: StripeStandIn;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let stripe: Stripe;
const sdk = (key: string) => new Stripe(key, { host: '127.0.0.1', port: standIn.port, protocol: 'http', maxNetworkRetries: 0 });

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  standIn = await startStripeStandIn({});
  // The app under test may only learn its own address later.
  standIn.setWebhook(receiver.url, SECRET);
  stripe = sdk('sk_test_standin_123');
});

afterAll(async () => {
  await standIn?.close();
  await receiver?.close();
});

beforeEach(async () => {
  await standIn.idle();
  standIn.webhookMode = 'immediate';
  receiver.received.length = 0;
});

async function paymentSession(customer: string, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    mode: 'payment',
    customer,
    line_items: [{ price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: 'Invoice #5' } }, quantity: 2 }],
    success_url: 'http://shop.test/paid?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://shop.test/invoices/5',
    client_reference_id: '5',
    metadata: { invoice_id: '5' },
    payment_intent_data: { setup_future_usage: 'off_session', metadata: { invoice_id: '5' } },
    ...extra,
  });
}

const submit = (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

async function customer(email = 'ada@example.com') {
  return stripe.customers.create({ email, name: 'Ada Lovelace', metadata: { client_id: '42' } });
}

async function caught(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await p;
  } catch (e) {
    return e as Stripe.errors.StripeError;
  }
  throw new Error('expected the call to fail');
}

describe('form bodies', () => {
  it('reads bracket notation into nested objects and arrays, as Stripe does', () => {
    const body =
      'line_items[1][quantity]=2&line_items[0][price_data][unit_amount]=1000&line_items[0][quantity]=1&expand[]=a&expand[]=b.c&metadata[note]=two+words%20%26more&__proto__[x]=1&flag';
    expect(parseForm(body)).toEqual({
      line_items: [{ price_data: { unit_amount: '1000' }, quantity: '1' }, { quantity: '2' }],
      expand: ['a', 'b.c'],
      metadata: { note: 'two words &more' },
      flag: '',
    });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('Stripe stand-in through the official SDK', () => {
  it('answers the connection test, with livemode following the key', async () => {
    const balance = await stripe.balance.retrieve();
    expect(balance.object).toBe('balance');
    expect(balance.livemode).toBe(false);
    const account = await sdk('sk_live_abc').accounts.retrieve(null);
    expect(account.object).toBe('account');
    expect(account.charges_enabled).toBe(true);
    // Not in Account's type, but a key-check screen reads it to tell live keys from test keys.
    expect((account as unknown as { livemode: boolean }).livemode).toBe(true);
    expect((await stripe.accounts.retrieveCurrent()).id).toBe(account.id);
  });

  it('refuses a malformed or revoked key with an authentication error', async () => {
    const bad = await caught(sdk('pk_test_oops').balance.retrieve());
    expect(bad).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(bad.statusCode).toBe(401);
    expect(bad.message).toMatch(/^Invalid API Key provided: /);
    standIn.revokedKey = 'sk_test_rolled_key_0000';
    const revoked = await caught(sdk('sk_test_rolled_key_0000').balance.retrieve());
    expect(revoked).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    standIn.revokedKey = null;
  });

  it('creates and updates customers, and refuses unknown parameters and ids', async () => {
    const c = await customer();
    expect(c.id).toMatch(/^cus_/);
    expect(c.metadata).toEqual({ client_id: '42' });
    const updated = await stripe.customers.update(c.id, { name: 'Ada King', metadata: { client_id: '', tier: 'gold' } });
    expect(updated.name).toBe('Ada King');
    expect(updated.metadata).toEqual({ tier: 'gold' });
    expect((await stripe.customers.retrieve(c.id)).id).toBe(c.id);
    const unknown = await caught(stripe.customers.create({ emial: 'x@example.com' } as Stripe.CustomerCreateParams));
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(unknown.param).toBe('emial');
    const gone = await caught(stripe.customers.retrieve('cus_missing'));
    expect(gone.statusCode).toBe(404);
    expect(gone.code).toBe('resource_missing');
  });

  it('takes a payment on the hosted page, saves the card and sends signed webhooks', async () => {
    const c = await customer();
    const session = await paymentSession(c.id);
    expect(session).toMatchObject({
      object: 'checkout.session',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 2000,
      currency: 'usd',
      mode: 'payment',
      client_reference_id: '5',
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${standIn.url}/c/pay/${session.id}`);

    const page = await (await fetch(session.url!)).text();
    expect(page).toContain('<title>Stand-in checkout</title>');
    expect(page).toContain('20.00 USD');
    expect(page).toContain('Card number');
    expect(page).toContain('href="http://shop.test/invoices/5"');

    const paid = await submit(session.url!, { card: '4242 4242 4242 4242', exp: '12 / 34', cvc: '123' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://shop.test/paid?session=${session.id}`);

    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.payment_method'] });
    expect(done.status).toBe('complete');
    expect(done.payment_status).toBe('paid');
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({
      object: 'payment_intent',
      status: 'succeeded',
      amount: 2000,
      currency: 'usd',
      customer: c.id,
      metadata: { invoice_id: '5' },
    });
    expect(pi.latest_charge).toMatch(/^ch_/);
    const pm = pi.payment_method as Stripe.PaymentMethod;
    expect(pm).toMatchObject({
      object: 'payment_method',
      type: 'card',
      customer: c.id,
      card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034, funding: 'credit', country: 'US' },
    });

    const items = await stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data).toMatchObject([
      {
        object: 'item',
        description: 'Invoice #5',
        quantity: 2,
        amount_total: 2000,
        currency: 'usd',
        price: { unit_amount: 1000, type: 'one_time' },
      },
    ]);
    const withItems = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    expect(withItems.line_items?.data.map((i) => i.id)).toEqual(items.data.map((i) => i.id));

    const saved = await stripe.customers.listPaymentMethods(c.id, { type: 'card' });
    expect(saved).toMatchObject({ object: 'list', has_more: false, url: `/v1/customers/${c.id}/payment_methods` });
    expect(saved.data.map((p) => p.id)).toEqual([pm.id]);
    expect((await stripe.paymentMethods.list({ customer: c.id, type: 'card' })).data.map((p) => p.id)).toEqual([pm.id]);
    await stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } });
    expect(((await stripe.customers.retrieve(c.id)) as Stripe.Customer).invoice_settings.default_payment_method).toBe(pm.id);

    await standIn.idle();
    expect(receiver.refused).toEqual([]);
    expect(receiver.types()).toEqual(['payment_intent.succeeded', 'checkout.session.completed']);
    const completed = receiver.received[1]!.event.data.object as Stripe.Checkout.Session;
    expect(completed).toMatchObject({ id: session.id, payment_status: 'paid', status: 'complete' });
    expect(JSON.parse(receiver.received[1]!.raw).id).toBe(receiver.received[1]!.event.id);
    expect(standIn.events.map((e) => e.type)).toContain('checkout.session.completed');

    expect(await (await fetch(session.url!)).text()).toContain('already complete');
  });

  it('asks for 3-D Secure and keeps the session open when authentication fails', async () => {
    const c = await customer();
    const session = await paymentSession(c.id);
    const challenge = await submit(session.url!, { card: '4000002500003155', exp: '01/30', cvc: '123' });
    const challengePage = await challenge.text();
    expect(challengePage).toContain('Authenticate this payment');
    expect(challengePage).toContain('Complete authentication');
    expect(challengePage).toContain('Fail authentication');

    const failed = await submit(`${session.url}/3ds`, { outcome: 'fail' });
    expect(await failed.text()).toContain('We are unable to authenticate your payment method.');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

    await submit(session.url!, { card: '4000002500003155', exp: '01/30', cvc: '123' });
    const done = await submit(`${session.url}/3ds`, { outcome: 'complete' });
    expect(done.status).toBe(303);
    const s = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(s.payment_status).toBe('paid');
    expect((s.payment_intent as Stripe.PaymentIntent).status).toBe('succeeded');
  });

  it('shows a decline and a wrong number on the page, then accepts another card', async () => {
    const c = await customer();
    const session = await paymentSession(c.id);
    const declined = await submit(session.url!, { card: '4000000000009995', exp: '01/30', cvc: '123' });
    expect(await declined.text()).toContain('Your card has insufficient funds.');
    const wrong = await submit(session.url!, { card: '4000000000000001', exp: '01/30', cvc: '123' });
    expect(await wrong.text()).toContain('Your card number is incorrect.');

    const open = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(open.status).toBe('open');
    const attempt = open.payment_intent as Stripe.PaymentIntent;
    expect(attempt.status).toBe('requires_payment_method');
    expect(attempt.last_payment_error).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });

    expect((await submit(session.url!, { card: '5555555555554444', exp: '01/30', cvc: '123' })).status).toBe(303);
    const pi = await stripe.paymentIntents.retrieve(attempt.id, { expand: ['payment_method'] });
    expect(pi.status).toBe('succeeded');
    expect((pi.payment_method as Stripe.PaymentMethod).card?.brand).toBe('mastercard');
    await standIn.idle();
    expect(receiver.types()).toEqual(['payment_intent.payment_failed', 'payment_intent.succeeded', 'checkout.session.completed']);
  });

  it('saves a card in setup mode; that card is declined off-session later', async () => {
    const c = await customer();
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'usd',
      customer: c.id,
      success_url: 'http://shop.test/card-saved?cs={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://shop.test/cards',
      setup_intent_data: { metadata: { client_id: '42' } },
    });
    expect(await (await fetch(session.url!)).text()).toContain('Save a card');
    expect((await submit(session.url!, { card: '4000000000000341', exp: '02/31', cvc: '123' })).status).toBe(303);

    const s = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent.payment_method'] });
    expect(s).toMatchObject({ status: 'complete', payment_status: 'no_payment_required' });
    const si = s.setup_intent as Stripe.SetupIntent;
    expect(si).toMatchObject({ status: 'succeeded', customer: c.id, metadata: { client_id: '42' } });
    const pm = si.payment_method as Stripe.PaymentMethod;
    expect(pm.customer).toBe(c.id);

    const err = await caught(
      stripe.paymentIntents.create({
        amount: 1500,
        currency: 'usd',
        customer: c.id,
        payment_method: pm.id,
        off_session: true,
        confirm: true,
      }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe('card_declined');
    expect(err.decline_code).toBe('generic_decline');
    expect(err.payment_intent?.status).toBe('requires_payment_method');
    expect(standIn.chargesFor(pm.id)).toEqual([]);
    await standIn.idle();
    expect(receiver.types()).toEqual(['setup_intent.succeeded', 'checkout.session.completed', 'payment_intent.payment_failed']);
  });

  it('answers authentication_required for a card that needs the customer present', async () => {
    const c = await customer();
    const pm = standIn.attachCard(c.id, '4000002760003184');
    const err = await caught(
      stripe.paymentIntents.create({
        amount: 1500,
        currency: 'usd',
        customer: c.id,
        payment_method: pm.id,
        off_session: true,
        confirm: true,
      }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err.code).toBe('authentication_required');
    expect(err.payment_intent).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { code: 'authentication_required' },
    });
    const stored = await stripe.paymentIntents.retrieve(err.payment_intent!.id);
    expect(stored.status).toBe('requires_payment_method');
  });

  it('charges once for two calls with one idempotency key', async () => {
    const c = await customer();
    const pm = standIn.attachCard(c.id, '4242424242424242');
    const params: Stripe.PaymentIntentCreateParams = {
      amount: 2500,
      currency: 'usd',
      customer: c.id,
      payment_method: pm.id,
      off_session: true,
      confirm: true,
      metadata: { invoice_id: '9' },
    };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'renewal-9' });
    const second = await stripe.paymentIntents.create(params, { idempotencyKey: 'renewal-9' });
    expect(first.status).toBe('succeeded');
    expect(second.id).toBe(first.id);
    expect(standIn.chargesFor(pm.id).map((pi) => pi.id)).toEqual([first.id]);
    const calls = standIn.requests.filter((r) => r.idempotencyKey === 'renewal-9');
    expect(calls.map((r) => [r.status, r.replayed])).toEqual([
      [200, false],
      [200, true],
    ]);
    expect(calls[0]!.body).toMatchObject({ amount: '2500', off_session: 'true', metadata: { invoice_id: '9' } });

    const reused = await caught(stripe.paymentIntents.create({ ...params, amount: 2600 }, { idempotencyKey: 'renewal-9' }));
    expect(reused).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    await standIn.idle();
    expect(receiver.types()).toEqual(['payment_intent.succeeded']);
  });

  it('refunds up to the amount paid, and no further', async () => {
    const c = await customer();
    const pm = standIn.attachCard(c.id, '4242424242424242');
    const pi = await stripe.paymentIntents.create({
      amount: 3000,
      currency: 'usd',
      customer: c.id,
      payment_method: pm.id,
      off_session: true,
      confirm: true,
    });
    const over = await caught(stripe.refunds.create({ payment_intent: pi.id, amount: 3001 }));
    expect(over).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(over.statusCode).toBe(400);
    const part = await stripe.refunds.create({
      payment_intent: pi.id,
      amount: 1000,
      metadata: { credit_note: '3' },
      reason: 'requested_by_customer',
    });
    expect(part).toMatchObject({
      object: 'refund',
      status: 'succeeded',
      amount: 1000,
      payment_intent: pi.id,
      charge: pi.latest_charge,
      metadata: { credit_note: '3' },
    });
    expect(part.id).toMatch(/^re_/);
    expect((await stripe.refunds.retrieve(part.id)).id).toBe(part.id);
    await stripe.refunds.create({ payment_intent: pi.id });
    const again = await caught(stripe.refunds.create({ payment_intent: pi.id, amount: 1 }));
    expect(again.code).toBe('charge_already_refunded');
    await standIn.idle();
    expect(receiver.types()).toEqual([
      'payment_intent.succeeded',
      'charge.refunded',
      'refund.created',
      'charge.refunded',
      'refund.created',
    ]);
    const lastCharge = receiver.received[3]!.event.data.object as Stripe.Charge;
    expect(lastCharge).toMatchObject({ amount_refunded: 3000, refunded: true });
  });

  it('detaches a saved card and expires an open session', async () => {
    const c = await customer();
    const pm = standIn.attachCard(c.id, '5555555555554444');
    await stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } });
    const detached = await stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    expect(((await stripe.customers.retrieve(c.id)) as Stripe.Customer).invoice_settings.default_payment_method).toBeNull();
    expect((await stripe.paymentMethods.retrieve(pm.id)).card?.last4).toBe('4444');
    const other = await customer('grace@example.com');
    expect((await stripe.paymentMethods.attach(pm.id, { customer: other.id })).customer).toBe(other.id);
    expect(await caught(stripe.paymentMethods.attach(pm.id, { customer: c.id }))).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);

    const session = await paymentSession(c.id);
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe('expired');
    expect(await (await fetch(session.url!)).text()).toContain('expired');
    expect(await caught(stripe.checkout.sessions.expire(session.id))).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('delivers by hand: out of order, twice over, one at a time', async () => {
    standIn.webhookMode = 'manual';
    const c = await customer();
    const pm = standIn.attachCard(c.id, '4242424242424242');
    const pi = await stripe.paymentIntents.create({
      amount: 5000,
      currency: 'usd',
      customer: c.id,
      payment_method: pm.id,
      off_session: true,
      confirm: true,
    });
    const dispute = standIn.openDispute(pi.id);
    expect(dispute).toMatchObject({
      object: 'dispute',
      charge: pi.latest_charge,
      payment_intent: pi.id,
      amount: 5000,
      status: 'needs_response',
      reason: 'fraudulent',
    });
    standIn.updateDispute(dispute.id, 'under_review');
    standIn.closeDispute(dispute.id, 'lost');
    expect(receiver.received).toEqual([]);
    const pending = standIn.pendingEvents().map((e) => e.type);
    expect(pending).toEqual(['payment_intent.succeeded', 'charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed']);

    await standIn.deliverAll({ order: 'reverse', times: 2 });
    expect(receiver.types()).toEqual([...pending].reverse().concat([...pending].reverse()));
    expect((receiver.received[0]!.event.data.object as Stripe.Dispute).status).toBe('lost');
    expect((receiver.received[1]!.event.data.object as Stripe.Dispute).status).toBe('under_review');
    expect((receiver.received[2]!.event.data.object as Stripe.Dispute).status).toBe('needs_response');
    expect(standIn.pendingEvents()).toEqual([]);

    const custom = standIn.emit('charge.dispute.funds_withdrawn', dispute);
    receiver.received.length = 0;
    receiver.failNextCalls(1);
    const [failed] = await standIn.deliver();
    expect(failed!.status).toBe(500);
    expect(standIn.pendingEvents().map((e) => e.id)).toEqual([custom.id]);
    await standIn.deliver(custom.id);
    expect(receiver.types()).toEqual(['charge.dispute.funds_withdrawn']);
    expect(standIn.pendingEvents()).toEqual([]);
    const again = await standIn.deliverAll({ all: true });
    expect(again.length).toBe(standIn.events.length);
    expect(again.every((d) => d.status === 200)).toBe(true);
  });

  it('takes its webhook endpoint at start, and holds events while it has none', async () => {
    const other = await startStripeStandIn({ webhookUrl: receiver.url, webhookSecret: SECRET });
    const bare = await startStripeStandIn({});
    try {
      const sent = other.emit('charge.dispute.created', { object: 'dispute', id: 'dp_start' } as { object: string });
      await other.idle();
      expect(receiver.received.map((r) => r.event.id)).toEqual([sent.id]);
      const held = bare.emit('charge.dispute.created', { object: 'dispute', id: 'dp_held' } as { object: string });
      await bare.idle();
      expect(bare.pendingEvents().map((e) => e.id)).toEqual([held.id]);
      bare.setWebhook(receiver.url, SECRET);
      await bare.deliver();
      expect(receiver.received.map((r) => r.event.id)).toEqual([sent.id, held.id]);
    } finally {
      await other.close();
      await bare.close();
    }
  });

  it('retries an immediate delivery the endpoint refused', async () => {
    receiver.failNextCalls(1);
    const event = standIn.emit('charge.dispute.created', { object: 'dispute', id: 'dp_manual' } as { object: string });
    await standIn.idle();
    expect(standIn.deliveries.filter((d) => d.eventId === event.id).map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(receiver.types()).toEqual(['charge.dispute.created']);
  });
});
