import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refundInvoice } from '../../src/modules/invoicing/refund-invoice.ts';
import { PENDING_REFUND_GRACE_MS, retryPendingRefund } from '../../src/modules/invoicing/retry-pending-refund.ts';
import { gatewayEnv } from '../../src/config.ts';
import { stripeFor } from '../../src/modules/payments/stripe/client.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { staffClient, type TestApp } from '../helpers/app.ts';
import { leavingTo, makeStripeApp, payOnStripePage, SECRET_KEY } from '../helpers/stripe-app.ts';
import type { StripeStandIn } from '../helpers/stripe-stand-in.ts';
import { seedBasics, textOf } from '../http/fixtures.ts';
import { sql } from '../http/client/helpers.ts';
import { invoiceIdFrom, monthly, shopper, storePackage } from '../http/store/helpers.ts';

let t: TestApp;
let stripe: StripeStandIn;
let close: () => Promise<void>;
let pkg: { slug: string };

beforeAll(async () => {
  ({ t, stripe, close } = await makeStripeApp());
  const { catalogId } = await seedBasics(t);
  pkg = await storePackage(t, catalogId, 'Dedicated', { allowQuantity: '1' }, [monthly('USD', '80.00')]);
  await createStaff(t.em(), { email: 'owner-disputes@example.com', name: 'Owner', role: 'owner', password: 'a long enough secret' });
});
afterAll(() => close());

/** An order paid by card, its service active; returns the PaymentIntent id. */
async function paidByCard() {
  const s = await shopper(t, { currency: 'USD', country: 'US' });
  const invoiceId = invoiceIdFrom(await s.b.post(`/store/${pkg.slug}/order`, { priceName: 'Monthly', quantity: '1' }));
  const pay = await s.b.post(`/account/invoices/${invoiceId}/pay/stripe`, {});
  await s.b.get((await payOnStripePage(leavingTo(await textOf(pay)), '4242424242424242'))!);
  await sql(t, "update service set status = 'active' where client_id = ?", [s.id]);
  const [payment] = await sql<{ reference: string }>(t, "select reference from payment where invoice_id = ? and gateway = 'stripe'", [
    invoiceId,
  ]);
  return { ...s, invoiceId, pi: payment!.reference };
}

const serviceOf = async (clientId: number) =>
  (
    await sql<{ status: string; suspend_reason: string | null }>(t, 'select status, suspend_reason from service where client_id = ?', [
      clientId,
    ])
  )[0]!;
const disputesOf = (pi: string) =>
  sql<{ status: string; amount: string }>(
    t,
    'select d.status, d.amount from payment_dispute d join payment p on p.id = d.payment_id where p.reference = ?',
    [pi],
  );

describe('disputes reported by Stripe', () => {
  it('suspend the services while open, tell owners and admins, and bring them back when won; repeats change nothing', async () => {
    stripe.webhookMode = 'immediate';
    const c = await paidByCard();
    const dispute = stripe.openDispute(c.pi);
    await stripe.idle();
    expect(await disputesOf(c.pi)).toEqual([{ status: 'needs_response', amount: '80.0000' }]);
    expect(await serviceOf(c.id)).toEqual({ status: 'suspended', suspend_reason: 'dispute' });
    const mails = await sql<{ subject: string }>(
      t,
      `select subject from mail_message where "to" = 'owner-disputes@example.com' order by id`,
    );
    expect(mails.map((m) => m.subject)).toEqual([`Dispute on invoice #${c.invoiceId}: opened`]);
    const staffPage = await textOf(await (await staffClient(t, 'support')).get(`/admin/invoices/${c.invoiceId}`));
    expect(staffPage).toContain('Open: needs a response');
    expect(staffPage).toContain(dispute.id);
    // Stripe sending everything again, in reverse, changes nothing.
    await stripe.deliverAll({ all: true, order: 'reverse' });
    await stripe.idle();
    expect(await disputesOf(c.pi)).toHaveLength(1);
    stripe.closeDispute(dispute.id, 'won');
    await stripe.idle();
    expect(await disputesOf(c.pi)).toEqual([{ status: 'won', amount: '80.0000' }]);
    expect(await serviceOf(c.id)).toEqual({ status: 'active', suspend_reason: null });
    const after = await sql<{ subject: string }>(
      t,
      `select subject from mail_message where "to" = 'owner-disputes@example.com' order by id`,
    );
    expect(after.map((m) => m.subject)).toEqual([`Dispute on invoice #${c.invoiceId}: opened`, `Dispute on invoice #${c.invoiceId}: won`]);
  });

  it('a lost dispute leaves the services suspended; a late "updated" after the close reopens nothing', async () => {
    stripe.webhookMode = 'immediate';
    const c = await paidByCard();
    const dispute = stripe.openDispute(c.pi);
    await stripe.idle();
    stripe.closeDispute(dispute.id, 'lost');
    await stripe.idle();
    stripe.updateDispute(dispute.id, 'under_review');
    await stripe.idle();
    expect(await disputesOf(c.pi)).toEqual([{ status: 'lost', amount: '80.0000' }]);
    expect(await serviceOf(c.id)).toEqual({ status: 'suspended', suspend_reason: 'dispute' });
  });

  it('with the setting off, the services keep running', async () => {
    stripe.webhookMode = 'immediate';
    await sql(t, `update payment_gateway set settings = settings || '{"dispute_suspends": false}' where key = 'stripe'`);
    try {
      const c = await paidByCard();
      stripe.openDispute(c.pi);
      await stripe.idle();
      expect(await disputesOf(c.pi)).toHaveLength(1);
      expect(await serviceOf(c.id)).toEqual({ status: 'active', suspend_reason: null });
    } finally {
      await sql(t, `update payment_gateway set settings = settings || '{"dispute_suspends": true}' where key = 'stripe'`);
    }
  });
  it('a dispute whose "created" and "updated" arrive at the same moment is recorded once, both answered 2xx, its owner told once', async () => {
    for (let round = 0; round < 4; round++) {
      stripe.webhookMode = 'immediate';
      const c = await paidByCard();
      await stripe.idle();
      stripe.webhookMode = 'manual';
      try {
        const dispute = stripe.openDispute(c.pi);
        stripe.updateDispute(dispute.id, 'under_review');
        const events = stripe.pendingEvents().filter((e) => e.type.startsWith('charge.dispute.'));
        expect(events.map((e) => e.type)).toEqual(['charge.dispute.created', 'charge.dispute.updated']);
        const answers = (await Promise.all(events.map((e) => stripe.deliver(e.id)))).flat();
        expect(
          answers.map((a) => a.status),
          `round ${round}: ${answers.map((a) => a.error ?? '').join(' ')}`,
        ).toEqual([200, 200]);
        expect(await disputesOf(c.pi)).toHaveLength(1);
        expect(await serviceOf(c.id)).toEqual({ status: 'suspended', suspend_reason: 'dispute' });
        const told = await sql<{ n: number }>(
          t,
          `select count(*)::int as n from mail_message where "to" = 'owner-disputes@example.com' and subject = ?`,
          [`Dispute on invoice #${c.invoiceId}: opened`],
        );
        expect(told).toEqual([{ n: 1 }]);
      } finally {
        stripe.webhookMode = 'immediate';
      }
    }
  });
});

describe('refunding a card payment', () => {
  it('goes through Stripe with its own idempotency key; racing refunds never exceed what was paid', async () => {
    stripe.webhookMode = 'manual';
    const c = await paidByCard();
    const by = { staffId: null, actor: 'staff:test', now: new Date() };
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        refundInvoice(t.em(), c.invoiceId, { amount: '30.00', destination: 'gateway', reason: 'Goodwill' }, by),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const refunds = stripe.requests.filter(
      (r) => r.method === 'POST' && r.path === '/v1/refunds' && r.body.payment_intent === c.pi && r.status === 200,
    );
    expect(refunds.map((r) => r.body.amount)).toEqual(['3000', '3000']);
    expect(new Set(refunds.map((r) => r.idempotencyKey)).size).toBe(2);
    const rows = await sql<{ amount: string; status: string; reference: string }>(
      t,
      "select amount, status, reference from payment where invoice_id = ? and kind = 'refund' order by id",
      [c.invoiceId],
    );
    expect(rows.map((r) => [r.amount, r.status])).toEqual([
      ['-30.0000', 'succeeded'],
      ['-30.0000', 'succeeded'],
    ]);
    expect(rows.every((r) => r.reference.startsWith('re_'))).toBe(true);
    await stripe.deliverAll();
  });

  it('a refusal from Stripe releases the amount; no answer keeps it pending until asked again, refunding once', async () => {
    stripe.webhookMode = 'manual';
    const c = await paidByCard();
    const by = { staffId: null, actor: 'staff:test', now: new Date() };
    // Stripe refuses a refund of a payment already refunded in its dashboard.
    const sdk = await stripeFor({ secret_key: SECRET_KEY }, gatewayEnv(t.config));
    await sdk.refunds.create({ payment_intent: c.pi });
    await expect(refundInvoice(t.em(), c.invoiceId, { amount: '10.00', destination: 'gateway' }, by)).rejects.toThrow(
      'The payment gateway refused the refund',
    );
    expect(await sql(t, "select status from payment where invoice_id = ? and kind = 'refund'", [c.invoiceId])).toEqual([
      { status: 'failed' },
    ]);

    const d = await paidByCard();
    stripe.revokedKey = SECRET_KEY;
    try {
      await expect(refundInvoice(t.em(), d.invoiceId, { amount: '10.00', destination: 'gateway' }, by)).rejects.toThrow(
        'The payment gateway did not answer',
      );
    } finally {
      stripe.revokedKey = null;
    }
    const [pending] = await sql<{ id: number; status: string }>(
      t,
      "select id, status from payment where invoice_id = ? and kind = 'refund'",
      [d.invoiceId],
    );
    expect(pending!.status).toBe('pending');
    // The amount stays reserved meanwhile: 80 paid, 10 pending, so 75 more is too much.
    await expect(refundInvoice(t.em(), d.invoiceId, { amount: '75.00', destination: 'gateway' }, by)).rejects.toThrow();
    const later = new Date(Date.now() + PENDING_REFUND_GRACE_MS + 1000);
    const done = await retryPendingRefund(t.em(), d.invoiceId, pending!.id, 'staff:test', later);
    expect(done.status).toBe('succeeded');
    const refunds = stripe.requests.filter(
      (r) => r.method === 'POST' && r.path === '/v1/refunds' && r.body.payment_intent === d.pi && r.status === 200,
    );
    expect(refunds).toHaveLength(1);
    await stripe.deliverAll();
  });
});
