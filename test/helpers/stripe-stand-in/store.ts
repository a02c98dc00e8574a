import type Stripe from 'stripe';
import { DECLINES, TEST_CARDS, type Decline, type TestCard } from './cards.ts';
import {
  makeCharge,
  makeCustomer,
  makeDispute,
  makePaymentIntent,
  makePaymentMethod,
  makeRefund,
  makeSetupIntent,
  now,
  stripeId,
} from './objects.ts';
import { formatAmount } from './pages.ts';
import type { EventOutbox } from './webhooks.ts';

/** An error answered the way Stripe answers it: `{ error: {...} }` with this status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: Record<string, unknown>,
  ) {
    super(String(error.message));
  }
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;

export function invalid(message: string, extra: { code?: string; param?: string } = {}, status = 400): ApiError {
  return new ApiError(status, { type: 'invalid_request_error', message, ...extra, ...(extra.code ? { doc_url: docUrl(extra.code) } : {}) });
}

export const noSuch = (what: string, id: string, param: string, status = 400) =>
  invalid(`No such ${what}: '${id}'`, { code: 'resource_missing', param }, status);

interface SessionState {
  lineItems: Stripe.LineItem[];
  setupFutureUsage: 'off_session' | 'on_session' | null;
  paymentIntentMetadata: Record<string, string>;
  paymentIntentDescription: string | null;
  setupIntentMetadata: Record<string, string>;
  /** A card waiting on the 3-D Secure page. */
  challenge?: { card: string; exp: { month: number; year: number } };
}

/** Every object the stand-in knows, and the state changes Stripe makes to them. */
export class Store {
  readonly customers = new Map<string, Stripe.Customer>();
  readonly sessions = new Map<string, Stripe.Checkout.Session>();
  readonly sessionState = new Map<string, SessionState>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly setupIntents = new Map<string, Stripe.SetupIntent>();
  readonly paymentMethods = new Map<string, Stripe.PaymentMethod>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly disputes = new Map<string, Stripe.Dispute>();
  /** The test number behind each payment method: it decides how later charges go. */
  readonly cardNumbers = new Map<string, string>();
  readonly offSessionIntents = new Set<string>();

  constructor(readonly outbox: EventOutbox) {}

  byId(id: string): { object: string } | undefined {
    for (const map of [
      this.customers,
      this.sessions,
      this.paymentIntents,
      this.setupIntents,
      this.paymentMethods,
      this.charges,
      this.refunds,
      this.disputes,
    ] as Map<string, { object: string }>[]) {
      const found = map.get(id);
      if (found) return found;
    }
    return undefined;
  }

  customer(id: string, param = 'customer', status = 400): Stripe.Customer {
    const c = this.customers.get(id);
    if (!c) throw noSuch('customer', id, param, status);
    return c;
  }

  paymentMethod(id: string, param = 'payment_method', status = 400): Stripe.PaymentMethod {
    const pm = this.paymentMethods.get(id);
    if (!pm) throw noSuch('PaymentMethod', id, param, status);
    return pm;
  }

  paymentIntent(id: string, param = 'payment_intent', status = 400): Stripe.PaymentIntent {
    const pi = this.paymentIntents.get(id);
    if (!pi) throw noSuch('payment_intent', id, param, status);
    return pi;
  }

  addCustomer(fields: Parameters<typeof makeCustomer>[0]): Stripe.Customer {
    const c = makeCustomer(fields);
    this.customers.set(c.id, c);
    return c;
  }

  addSession(session: Stripe.Checkout.Session, state: SessionState) {
    this.sessions.set(session.id, session);
    this.sessionState.set(session.id, state);
  }

  session(id: string, status = 404): Stripe.Checkout.Session {
    const s = this.sessions.get(id);
    if (!s) throw noSuch('checkout.session', id, 'session', status);
    // Stripe expires sessions on its own once expires_at passes.
    if (s.status === 'open' && s.expires_at < now()) this.expireSession(s);
    return s;
  }

  state(session: Stripe.Checkout.Session): SessionState {
    return this.sessionState.get(session.id)!;
  }

  lineItems(sessionId: string, limit: number) {
    const items = this.sessionState.get(sessionId)?.lineItems ?? [];
    return {
      object: 'list',
      data: items.slice(0, limit),
      has_more: items.length > limit,
      url: `/v1/checkout/sessions/${sessionId}/line_items`,
    };
  }

  expireSession(s: Stripe.Checkout.Session) {
    s.status = 'expired';
    s.url = null;
    this.outbox.create('checkout.session.expired', s);
  }

  newCard(number: string, exp: { month: number; year: number }, customer: string | null): Stripe.PaymentMethod {
    const card = TEST_CARDS[number];
    if (!card) throw invalid('Your card number is incorrect.', { code: 'incorrect_number', param: 'card[number]' }, 402);
    const pm = makePaymentMethod(
      { brand: card.brand, last4: number.slice(-4), exp_month: exp.month, exp_year: exp.year, fingerprint: `fp${number.slice(-8)}stand` },
      customer,
    );
    this.paymentMethods.set(pm.id, pm);
    this.cardNumbers.set(pm.id, number);
    return pm;
  }

  behaviour(pm: Stripe.PaymentMethod): TestCard {
    return TEST_CARDS[this.cardNumbers.get(pm.id) ?? ''] ?? TEST_CARDS['4242424242424242']!;
  }

  /** A successful charge on the intent: what both Checkout and off-session confirmation end in. */
  succeed(pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod) {
    const charge = makeCharge(pi, pm, { paid: true });
    this.charges.set(charge.id, charge);
    Object.assign(pi, {
      status: 'succeeded',
      payment_method: pm.id,
      amount_received: pi.amount,
      latest_charge: charge.id,
      last_payment_error: null,
      next_action: null,
    });
    this.outbox.create('payment_intent.succeeded', pi);
  }

  /** A declined attempt: a failed charge, the intent back to requires_payment_method, and the error Stripe answers with. */
  decline(pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, decline: Decline): ApiError {
    const charge = makeCharge(pi, pm, {
      paid: false,
      failure_code: decline.code,
      failure_message: decline.message,
      decline_code: decline.decline_code,
    });
    this.charges.set(charge.id, charge);
    const lastError = {
      type: 'card_error',
      code: decline.code,
      decline_code: decline.decline_code,
      message: decline.message,
      doc_url: docUrl(decline.code),
      charge: charge.id,
      payment_method: structuredClone(pm),
    };
    Object.assign(pi, {
      status: 'requires_payment_method',
      payment_method: null,
      latest_charge: charge.id,
      last_payment_error: lastError,
      next_action: null,
    });
    this.outbox.create('payment_intent.payment_failed', pi);
    return new ApiError(402, { ...lastError, payment_intent: structuredClone(pi) });
  }

  /** The hosted page's payment intent is made on the first attempt and kept across retries, as Checkout does. */
  private sessionIntent(s: Stripe.Checkout.Session): Stripe.PaymentIntent {
    if (typeof s.payment_intent === 'string') return this.paymentIntents.get(s.payment_intent)!;
    const st = this.state(s);
    const pi = makePaymentIntent({
      amount: s.amount_total ?? 0,
      currency: s.currency ?? 'usd',
      customer: typeof s.customer === 'string' ? s.customer : null,
      payment_method: null,
      metadata: st.paymentIntentMetadata,
      description: st.paymentIntentDescription,
      setup_future_usage: st.setupFutureUsage,
    });
    this.paymentIntents.set(pi.id, pi);
    s.payment_intent = pi.id;
    return pi;
  }

  failOnPage(s: Stripe.Checkout.Session, number: string, exp: { month: number; year: number }, decline: Decline) {
    if (s.mode !== 'payment') return;
    const pm = this.newCard(number, exp, null);
    this.decline(this.sessionIntent(s), pm, decline);
  }

  completeSession(s: Stripe.Checkout.Session, number: string, exp: { month: number; year: number }) {
    const st = this.state(s);
    const customer = typeof s.customer === 'string' ? s.customer : null;
    const save = s.mode === 'setup' || st.setupFutureUsage !== null;
    const pm = this.newCard(number, exp, save ? customer : null);
    const c = customer ? this.customers.get(customer) : undefined;
    s.customer_details = {
      address: null,
      business_name: null,
      email: c?.email ?? s.customer_email ?? null,
      individual_name: null,
      name: c?.name ?? null,
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    };
    if (s.mode === 'payment') {
      const pi = this.sessionIntent(s);
      this.succeed(pi, pm);
      s.payment_status = 'paid';
    } else {
      const si = makeSetupIntent({ customer, payment_method: pm.id, metadata: st.setupIntentMetadata });
      this.setupIntents.set(si.id, si);
      s.setup_intent = si.id;
      s.payment_status = 'no_payment_required';
      this.outbox.create('setup_intent.succeeded', si);
    }
    s.status = 'complete';
    s.url = null;
    this.outbox.create('checkout.session.completed', s);
  }

  createPaymentIntent(p: {
    amount: number;
    currency: string;
    customer: string | null;
    paymentMethod: string | null;
    confirm: boolean;
    offSession: boolean;
    metadata: Record<string, string>;
    description: string | null;
  }): Stripe.PaymentIntent {
    const pm = p.paymentMethod ? this.paymentMethod(p.paymentMethod) : null;
    if (p.customer) this.customer(p.customer);
    if (pm && pm.customer && pm.customer !== p.customer) {
      throw invalid(
        p.customer
          ? `The provided PaymentMethod ${pm.id} does not belong to the customer ${p.customer}.`
          : `The PaymentMethod ${pm.id} is attached to a customer: pass that customer with it.`,
        { param: 'payment_method' },
      );
    }
    if (pm && !pm.customer && p.offSession) {
      throw invalid(
        'The provided PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.',
        { param: 'payment_method' },
      );
    }
    if (p.confirm && !pm)
      throw invalid("You cannot confirm this PaymentIntent because it's missing a payment method.", {
        code: 'payment_intent_unexpected_state',
        param: 'payment_method',
      });
    const pi = makePaymentIntent({
      amount: p.amount,
      currency: p.currency,
      customer: p.customer,
      payment_method: pm?.id ?? null,
      metadata: p.metadata,
      description: p.description,
      setup_future_usage: null,
    });
    this.paymentIntents.set(pi.id, pi);
    if (!p.confirm || !pm) return pi;
    if (p.offSession) this.offSessionIntents.add(pi.id);
    const card = this.behaviour(pm);
    const needsAuth = card.offSession === 'authentication_required' || (!p.offSession && card.onPage === '3ds');
    if (needsAuth && !p.offSession) {
      Object.assign(pi, {
        status: 'requires_action',
        next_action: { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect' } },
      });
      return pi;
    }
    if (card.offSession !== 'ok') throw this.decline(pi, pm, DECLINES[card.offSession]);
    this.succeed(pi, pm);
    return pi;
  }

  refund(p: {
    paymentIntent: string | null;
    charge: string | null;
    amount: number | null;
    metadata: Record<string, string>;
    reason: string | null;
  }): Stripe.Refund {
    let charge: Stripe.Charge | undefined;
    if (p.paymentIntent) {
      const pi = this.paymentIntent(p.paymentIntent);
      charge = pi.status === 'succeeded' && typeof pi.latest_charge === 'string' ? this.charges.get(pi.latest_charge) : undefined;
      if (!charge)
        throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
          code: 'charge_not_refundable',
          param: 'payment_intent',
        });
    } else if (p.charge) {
      charge = this.charges.get(p.charge);
      if (!charge) throw noSuch('charge', p.charge, 'charge');
    } else {
      throw invalid('One of the following params should be provided for this request: payment_intent or charge.', {
        code: 'parameter_missing',
      });
    }
    if (p.reason !== null && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(p.reason)) {
      throw invalid(`Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`, {
        code: 'parameter_invalid_string',
        param: 'reason',
      });
    }
    const left = charge.amount - charge.amount_refunded;
    if (left <= 0) throw invalid(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
    const amount = p.amount ?? left;
    if (amount < 1) throw invalid('Invalid positive integer', { code: 'parameter_invalid_integer', param: 'amount' });
    if (amount > left) {
      throw invalid(
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(left, charge.currency)})`,
        { code: 'amount_too_large', param: 'amount' },
      );
    }
    const refund = makeRefund(charge, amount, p.metadata, p.reason);
    this.refunds.set(refund.id, refund);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    charge.refunds?.data.unshift(refund);
    this.outbox.create('charge.refunded', charge);
    this.outbox.create('refund.created', refund);
    return refund;
  }

  openDispute(paymentIntentId: string): Stripe.Dispute {
    const pi = this.paymentIntent(paymentIntentId);
    const charge = typeof pi.latest_charge === 'string' ? this.charges.get(pi.latest_charge) : undefined;
    if (pi.status !== 'succeeded' || !charge) throw new Error(`${paymentIntentId} has no successful charge to dispute`);
    const dispute = makeDispute(charge);
    this.disputes.set(dispute.id, dispute);
    charge.disputed = true;
    this.outbox.create('charge.dispute.created', dispute);
    return dispute;
  }

  updateDispute(disputeId: string, status: Stripe.Dispute.Status): Stripe.Dispute {
    const dispute = this.dispute(disputeId);
    dispute.status = status;
    this.outbox.create('charge.dispute.updated', dispute);
    return dispute;
  }

  closeDispute(disputeId: string, status: 'won' | 'lost'): Stripe.Dispute {
    const dispute = this.dispute(disputeId);
    dispute.status = status;
    this.outbox.create('charge.dispute.closed', dispute);
    return dispute;
  }

  private dispute(id: string): Stripe.Dispute {
    const dispute = this.disputes.get(id);
    if (!dispute) throw new Error(`No such dispute: ${id}`);
    return dispute;
  }

  attach(pm: Stripe.PaymentMethod, customer: Stripe.Customer) {
    if (pm.customer === customer.id) return;
    if (pm.customer)
      throw invalid('The payment method you provided has already been attached to a customer.', {
        code: 'payment_method_unexpected_state',
      });
    pm.customer = customer.id;
  }

  detach(pm: Stripe.PaymentMethod) {
    if (!pm.customer)
      throw invalid('The payment method you provided is not attached to a customer so detachment is impossible.', {
        code: 'payment_method_unexpected_state',
      });
    const c = this.customers.get(typeof pm.customer === 'string' ? pm.customer : pm.customer.id);
    if (c && c.invoice_settings.default_payment_method === pm.id) c.invoice_settings.default_payment_method = null;
    pm.customer = null;
  }

  /** A copy with each `a.b.c` path's ids replaced by their objects, as `expand[]` does. */
  expand<T>(value: T, paths: string[]): T {
    const out = structuredClone(value) as Record<string, unknown>;
    for (const path of paths) this.expandPath(out, path.split('.'), path);
    return out as T;
  }

  private expandPath(node: Record<string, unknown>, segs: string[], full: string) {
    const [head, ...rest] = segs;
    if (head === undefined) return;
    // Line items are no field of the session until asked for.
    if (node.object === 'checkout.session' && head === 'line_items' && typeof node.id === 'string') {
      node.line_items = this.lineItems(node.id, 100);
    }
    if (node.object === 'list' && head === 'data' && Array.isArray(node.data)) {
      for (const item of node.data as Record<string, unknown>[]) this.expandPath(item, rest, full);
      return;
    }
    if (!(head in node)) throw invalid(`This property cannot be expanded (${full}).`, { param: 'expand' });
    let v = node[head];
    if (typeof v === 'string') {
      const found = this.byId(v);
      if (!found) throw invalid(`This property cannot be expanded (${full}).`, { param: 'expand' });
      v = node[head] = structuredClone(found);
    }
    if (rest.length && v && typeof v === 'object') this.expandPath(v as Record<string, unknown>, rest, full);
  }

  newSessionId = () => stripeId('cs_test_a1', 56);
}
