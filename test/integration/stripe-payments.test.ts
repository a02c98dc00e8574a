import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCredit } from '../../src/modules/invoicing/add-credit.ts';
import type { TestApp } from '../helpers/app.ts';
import { leavingTo, makeStripeApp, payOnStripePage } from '../helpers/stripe-app.ts';
import type { StripeStandIn } from '../helpers/stripe-stand-in.ts';
import { seedBasics, textOf } from '../http/fixtures.ts';
import { sql, type Browser } from '../http/client/helpers.ts';
import { invoiceIdFrom, monthly, shopper, storePackage } from '../http/store/helpers.ts';

let t: TestApp;
let stripe: StripeStandIn;
let close: () => Promise<void>;
let pkg: { id: number; slug: string };

beforeAll(async () => {
  ({ t, stripe, close } = await makeStripeApp());
  const { catalogId } = await seedBasics(t);
  pkg = await storePackage(t, catalogId, 'Cloud VPS', { allowQuantity: '1' }, [monthly('USD', '20.00')]);
});
afterAll(() => close());

/** A shopper with one unpaid order of 20.00 USD. */
async function ordered() {
  const s = await shopper(t, { currency: 'USD', country: 'US' });
  const res = await s.b.post(`/store/${pkg.slug}/order`, { priceName: 'Monthly', quantity: '1' });
  return { ...s, invoiceId: invoiceIdFrom(res) };
}

async function startCard(b: Browser, invoiceId: number, save = true) {
  const res = await b.post(`/account/invoices/${invoiceId}/pay/stripe`, save ? { save_card: 'on' } : {});
  expect(res.status).toBe(200);
  return leavingTo(await textOf(res));
}

const paymentsOf = (invoiceId: number) =>
  sql<{ gateway: string; reference: string; amount: string }>(
    t,
    'select gateway, reference, amount from payment where invoice_id = ? order by id',
    [invoiceId],
  );
const servicesOf = (clientId: number) => sql<{ id: number }>(t, 'select id from service where client_id = ?', [clientId]);
const cardsOf = (clientId: number) =>
  sql<{ brand: string; last4: string; is_default: boolean }>(
    t,
    'select brand, last4, is_default from saved_card where client_id = ? order by id',
    [clientId],
  );

describe('paying an invoice by card through Stripe Checkout', () => {
  it('without 3-D Secure: the return page shows it paid at once, the card is saved, and the webhook adds nothing', async () => {
    stripe.webhookMode = 'manual';
    const { b, id, invoiceId } = await ordered();
    const page = await textOf(await b.get(`/account/invoices/${invoiceId}`));
    expect(page).toContain('Pay by card');
    expect(page).toContain('Keep this card for automatic renewal payments');
    const stripePage = await startCard(b, invoiceId);
    expect(stripePage.startsWith(`${stripe.url}/c/pay/cs_`)).toBe(true);
    const session = stripe.requests.find((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST')!;
    expect(session.body).toMatchObject({
      mode: 'payment',
      metadata: { invoice_id: String(invoiceId) },
      payment_intent_data: { setup_future_usage: 'off_session' },
    });
    expect(session.body.line_items).toEqual([
      {
        quantity: '1',
        price_data: { currency: 'usd', unit_amount: '2000', product_data: { name: expect.stringMatching(/^Invoice INV-\d{4}-\d{4}$/) } },
      },
    ]);

    const back = await payOnStripePage(stripePage, '4242424242424242');
    expect(back).toMatch(new RegExp(`^/account/invoices/${invoiceId}/card/return\\?session_id=cs_`));
    const returned = await b.get(back!);
    expect(returned.headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=paid`);
    expect(await textOf(await b.get(`/account/invoices/${invoiceId}?payment=paid`))).toContain('Paid. Thank you!');
    const [payment] = await paymentsOf(invoiceId);
    expect(payment).toMatchObject({ gateway: 'stripe', amount: '20.0000' });
    expect(payment!.reference).toMatch(/^pi_/);
    expect(await cardsOf(id)).toEqual([{ brand: 'visa', last4: '4242', is_default: true }]);
    expect(await servicesOf(id)).toHaveLength(1);

    // Stripe's webhooks for the same payment, three times each and in reverse order: nothing more.
    const deliveries = await stripe.deliverAll({ order: 'reverse', times: 3 });
    expect(deliveries.length).toBeGreaterThanOrEqual(6);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
    expect(await servicesOf(id)).toHaveLength(1);
    expect(await cardsOf(id)).toHaveLength(1);
    // The return page opened again (a reload) changes nothing either.
    expect((await b.get(back!)).headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=already`);
  });

  it('with 3-D Secure: a failed authentication charges nothing and the session stays open; completing it pays', async () => {
    stripe.webhookMode = 'manual';
    const { b, id, invoiceId } = await ordered();
    const stripePage = await startCard(b, invoiceId, false);
    expect(await payOnStripePage(stripePage, '4000002500003155', 'fail')).toBeNull();
    expect(await paymentsOf(invoiceId)).toHaveLength(0);
    const back = await payOnStripePage(stripePage, '4000002500003155', 'complete');
    expect((await b.get(back!)).headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=paid`);
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
    // Not asked to keep it: no card saved.
    expect(await cardsOf(id)).toEqual([]);
    await stripe.deliverAll();
  });

  it('the return page and the webhook racing record one payment and create the services once', async () => {
    stripe.webhookMode = 'manual';
    for (let round = 0; round < 5; round += 1) {
      const { b, id, invoiceId } = await ordered();
      const back = await payOnStripePage(await startCard(b, invoiceId), '4242424242424242');
      const [page] = await Promise.all([b.get(back!), stripe.deliverAll({ times: 2 }), b.get(back!)]);
      expect(page.status).toBe(303);
      expect(await paymentsOf(invoiceId)).toHaveLength(1);
      expect(await servicesOf(id)).toHaveLength(1);
      expect(await sql(t, "select 1 from invoice where id = ? and status = 'paid'", [invoiceId])).toHaveLength(1);
    }
  });

  it('a card payment for an invoice paid another way meanwhile (or cancelled) is refunded, not kept unrecorded', async () => {
    stripe.webhookMode = 'manual';
    const { b, id, invoiceId } = await ordered();
    const stripePage = await startCard(b, invoiceId);
    // In another tab the client pays from credit first.
    await addCredit(t.em(), id, { amount: '20', reason: 'Goodwill' }, new Date());
    expect((await b.post(`/account/invoices/${invoiceId}/pay/credit`)).headers.get('location')).toBe(
      `/account/invoices/${invoiceId}?payment=paid`,
    );
    const back = await payOnStripePage(stripePage, '4242424242424242');
    expect((await b.get(back!)).headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=refunded`);
    expect(await textOf(await b.get(`/account/invoices/${invoiceId}?payment=refunded`))).toContain('your card payment was refunded');
    expect(await paymentsOf(invoiceId)).toEqual([expect.objectContaining({ gateway: 'credit' })]);
    const pi = stripe.events.find(
      (e) =>
        e.type === 'payment_intent.succeeded' &&
        (e.data.object as { metadata: Record<string, string> }).metadata.invoice_id === String(invoiceId),
    )!.data.object as { id: string };
    await stripe.deliverAll({ times: 2 });
    const refunds = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds' && r.body.payment_intent === pi.id);
    // The return page and two webhooks each asked; one refund at Stripe (one idempotency key).
    expect(new Set(refunds.map((r) => r.idempotencyKey))).toEqual(new Set([`unowed-${pi.id}`]));
    expect(refunds.filter((r) => !r.replayed && r.status === 200)).toHaveLength(1);
    expect(await servicesOf(id)).toHaveLength(1);
  });

  it('credit applied to part of the invoice while the card page is open: the card payment of the old amount is refunded; a new one pays the rest', async () => {
    stripe.webhookMode = 'manual';
    const { b, id, invoiceId } = await ordered();
    const stripePage = await startCard(b, invoiceId);
    // In another tab the client puts 5.00 of credit towards it: 15.00 is left.
    await addCredit(t.em(), id, { amount: '5', reason: 'Goodwill' }, new Date());
    expect((await b.post(`/account/invoices/${invoiceId}/pay/credit`)).headers.get('location')).toBe(
      `/account/invoices/${invoiceId}?payment=credit`,
    );
    const back = await payOnStripePage(stripePage, '4242424242424242');
    expect((await b.get(back!)).headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=refunded`);
    await stripe.deliverAll({ times: 2 });
    expect(await paymentsOf(invoiceId)).toEqual([]);
    const first = stripe.events.find(
      (e) =>
        e.type === 'payment_intent.succeeded' &&
        (e.data.object as { metadata: Record<string, string> }).metadata.invoice_id === String(invoiceId),
    )!.data.object as { id: string; amount_received: number };
    expect(first.amount_received).toBe(2000);
    const refunds = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds' && r.body.payment_intent === first.id);
    expect(refunds.filter((r) => !r.replayed && r.status === 200)).toHaveLength(1);
    expect(await servicesOf(id)).toHaveLength(0);
    // Paying again charges what is left and pays the invoice.
    const again = await payOnStripePage(await startCard(b, invoiceId, false), '4242424242424242');
    expect((await b.get(again!)).headers.get('location')).toBe(`/account/invoices/${invoiceId}?payment=paid`);
    expect(await paymentsOf(invoiceId)).toEqual([expect.objectContaining({ gateway: 'stripe', amount: '15.0000' })]);
    expect(await servicesOf(id)).toHaveLength(1);
  });

  it('a declined card leaves the invoice unpaid; a cancelled page says nothing was charged', async () => {
    const { b, invoiceId } = await ordered();
    const stripePage = await startCard(b, invoiceId);
    expect(await payOnStripePage(stripePage, '4000000000009995')).toBeNull();
    expect(await paymentsOf(invoiceId)).toHaveLength(0);
    expect(await textOf(await b.get(`/account/invoices/${invoiceId}?payment=cancelled`))).toContain(
      'The card payment was cancelled. Nothing was charged.',
    );
  });

  it("another client's session, a junk session id, or a session for another invoice is a 404 and records nothing", async () => {
    stripe.webhookMode = 'manual';
    const a = await ordered();
    const other = await ordered();
    const back = await payOnStripePage(await startCard(a.b, a.invoiceId), '4242424242424242');
    const sessionId = /session_id=([^&]+)/.exec(back!)![1]!;
    expect((await other.b.get(`/account/invoices/${other.invoiceId}/card/return?session_id=${sessionId}`)).status).toBe(404);
    expect((await a.b.get(`/account/invoices/${other.invoiceId}/card/return?session_id=${sessionId}`)).status).toBe(404);
    expect((await a.b.get(`/account/invoices/${a.invoiceId}/card/return?session_id=cs_nope'--`)).status).toBe(404);
    expect((await a.b.get(`/account/invoices/${a.invoiceId}/card/return`)).status).toBe(404);
    expect(await paymentsOf(other.invoiceId)).toHaveLength(0);
    await stripe.deliverAll();
  });
});

describe('the webhook endpoint', () => {
  it('refuses a bad signature with a 400 and records nothing', async () => {
    const { base } = { base: t.config.PUBLIC_URL };
    const res = await fetch(`${base}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'stripe-signature': 't=1,v1=deadbeef', 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'evt_forged',
        type: 'payment_intent.succeeded',
        data: { object: { id: 'pi_forged', metadata: { invoice_id: '1' } } },
      }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()) as unknown).toMatchObject({ error: { message: 'The webhook signature does not match.' } });
    expect(await sql(t, "select 1 from gateway_event where reference = 'evt_forged'")).toHaveLength(0);
    const unsigned = await fetch(`${base}/webhooks/stripe`, { method: 'POST', body: 'not json' });
    expect(unsigned.status).toBe(400);
  });
});
