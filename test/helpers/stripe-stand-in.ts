import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { handleApi } from './stripe-stand-in/api.ts';
import { normaliseCardNumber, parseExpiry, TEST_CARDS } from './stripe-stand-in/cards.ts';
import { parseForm, str, type FormObject } from './stripe-stand-in/form.ts';
import { stripeId } from './stripe-stand-in/objects.ts';
import { cardPage, challengePage, closedPage, notFoundPage } from './stripe-stand-in/pages.ts';
import { ApiError, Store } from './stripe-stand-in/store.ts';
import { EventOutbox, type Delivery, type WebhookMode } from './stripe-stand-in/webhooks.ts';

export type { Delivery, WebhookMode };
export { TEST_CARDS };

export interface RecordedRequest {
  method: string;
  path: string;
  /** The form body of a POST, or the query of a GET, parsed into nested objects. */
  body: FormObject;
  idempotencyKey: string | null;
  apiKey: string | null;
  status: number;
  /** True when the answer was a replay of an earlier request with the same idempotency key. */
  replayed: boolean;
}

export interface StripeStandIn {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly events: Stripe.Event[];
  readonly deliveries: Delivery[];
  webhookMode: WebhookMode;
  /** A key that looks valid but is refused, as a rolled key would be. */
  revokedKey: string | null;
  /** Events created while no endpoint was set stay pending until deliver() or deliverAll(). */
  setWebhook(url: string, secret: string): void;
  /** Events created but not yet delivered with a 2xx. */
  pendingEvents(): Stripe.Event[];
  deliver(eventId?: string): Promise<Delivery[]>;
  deliverAll(opts?: { order?: 'as-created' | 'reverse'; times?: number; all?: boolean }): Promise<Delivery[]>;
  idle(): Promise<void>;
  emit(type: string, object: { object: string }): Stripe.Event;
  openDispute(paymentIntentId: string): Stripe.Dispute;
  updateDispute(disputeId: string, status: Stripe.Dispute.Status): Stripe.Dispute;
  closeDispute(disputeId: string, status: 'won' | 'lost'): Stripe.Dispute;
  attachCard(customerId: string, cardNumber: string, exp?: { month: number; year: number }): Stripe.PaymentMethod;
  chargesFor(paymentMethodId: string): Stripe.PaymentIntent[];
  /** The stand-in's objects, for assertions that the API cannot make. */
  readonly store: Store;
  close(): Promise<void>;
}

interface Saved {
  fingerprint: string;
  status: number;
  body: string;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

function redact(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : key;
}

/**
 * A local Stripe: the official SDK pointed at it (host, port, protocol 'http') gets Stripe's answers.
 *
 * Checkout sessions open a hosted card page at `/c/pay/<session id>`, where Stripe's test numbers
 * behave as on Stripe (see TEST_CARDS):
 *   4242424242424242 visa, 5555555555554444 mastercard: paid; later off-session charges succeed.
 *   4000002500003155: a 3-D Secure page first; once authenticated, off-session charges succeed.
 *   4000000000009995: declined, insufficient funds (on the page and off-session).
 *   4000000000000341: saved fine; every later charge is declined (card_declined, generic_decline).
 *   4000002760003184: saved fine; off-session charges answer authentication_required.
 *   any other number: "Your card number is incorrect."
 */
export async function startStripeStandIn(opts: { webhookUrl?: string; webhookSecret?: string } = {}): Promise<StripeStandIn> {
  const outbox = new EventOutbox(opts.webhookUrl, opts.webhookSecret);
  const store = new Store(outbox);
  const requests: RecordedRequest[] = [];
  const saved = new Map<string, Saved>();
  const accountId = stripeId('acct_', 16);
  let revokedKey: string | null = null;
  let base = '';

  function authError(header: string | undefined): ApiError | null {
    const key = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
    if (!key)
      return new ApiError(401, {
        type: 'invalid_request_error',
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      });
    if (!(key.startsWith('sk_test_') || key.startsWith('sk_live_')) || key === revokedKey) {
      return new ApiError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${redact(key)}` });
    }
    return null;
  }

  function api(
    req: IncomingMessage,
    path: string,
    params: FormObject,
    idempotencyKey: string | null,
    apiKey: string | null,
  ): { status: number; body: string; replayed: boolean } {
    const denied = authError(req.headers.authorization);
    if (denied) return { status: denied.status, body: JSON.stringify({ error: denied.error }), replayed: false };
    const method = req.method ?? 'GET';
    const fingerprint = JSON.stringify([method, path, params]);
    const scope = idempotencyKey && method === 'POST' ? `${apiKey}\n${idempotencyKey}` : null;
    const earlier = scope ? saved.get(scope) : undefined;
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        const error = {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        };
        return { status: 400, body: JSON.stringify({ error }), replayed: false };
      }
      return { status: earlier.status, body: earlier.body, replayed: true };
    }
    let status = 200;
    let body: string;
    let keep = true;
    try {
      body = JSON.stringify(
        handleApi({ method, path, params, live: apiKey?.startsWith('sk_live_') ?? false, base, accountId }, store),
        null,
        2,
      );
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      status = e.status;
      body = JSON.stringify({ error: e.error }, null, 2);
      // Stripe keeps no result for a request refused before it ran (bad or missing parameters).
      keep = status !== 400 || !(typeof e.error.code === 'string' && e.error.code.startsWith('parameter_'));
    }
    if (scope && keep) saved.set(scope, { fingerprint, status, body });
    return { status, body, replayed: false };
  }

  function hosted(method: string, path: string, form: FormObject, res: ServerResponse): number {
    const html = (status: number, page: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
      return status;
    };
    const m = /^\/c\/pay\/([^/]+)(\/3ds)?$/.exec(path);
    const session = m ? store.sessions.get(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !session) return html(404, notFoundPage());
    store.session(session.id); // lets a session past expires_at expire first
    if (session.status !== 'open') return html(200, closedPage(session));
    if (method === 'GET' && !m[2]) return html(200, cardPage(session));
    if (method !== 'POST') return html(405, notFoundPage());
    const state = store.state(session);
    let card: string;
    let exp: { month: number; year: number };
    if (m[2]) {
      if (!state.challenge) return html(200, cardPage(session));
      ({ card, exp } = state.challenge);
      state.challenge = undefined;
      if (str(form.outcome) !== 'complete') {
        store.failOnPage(session, card, exp, {
          code: 'payment_intent_authentication_failure',
          decline_code: 'authentication_failure',
          message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
        });
        return html(200, cardPage(session, 'We are unable to authenticate your payment method.'));
      }
    } else {
      card = normaliseCardNumber(str(form.card) ?? '');
      exp = parseExpiry(str(form.exp));
      const behaviour = TEST_CARDS[card];
      if (!behaviour) return html(200, cardPage(session, 'Your card number is incorrect.'));
      if (behaviour.onPage === '3ds') {
        state.challenge = { card, exp };
        return html(200, challengePage(session));
      }
      if (behaviour.onPage === 'insufficient_funds') {
        store.failOnPage(session, card, exp, {
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
        });
        return html(200, cardPage(session, 'Your card has insufficient funds.'));
      }
    }
    store.completeSession(session, card, exp);
    if (!session.success_url) return html(200, '<!doctype html><title>Stand-in checkout</title><p>Payment complete.</p>');
    res.writeHead(303, { location: session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', session.id) });
    res.end();
    return 303;
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const raw = await read(req);
      const params = method === 'GET' || method === 'DELETE' ? parseForm(url.search.slice(1)) : parseForm(raw);
      const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? null;
      const apiKey = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? null;
      const record: RecordedRequest = { method, path: url.pathname, body: params, idempotencyKey, apiKey, status: 0, replayed: false };
      requests.push(record);
      if (url.pathname.startsWith('/v1/')) {
        const answer = api(req, url.pathname, params, idempotencyKey, apiKey);
        record.status = answer.status;
        record.replayed = answer.replayed;
        res.writeHead(answer.status, {
          'content-type': 'application/json',
          'request-id': `req_${randomUUID().replace(/-/g, '').slice(0, 14)}`,
          ...(req.headers['stripe-version'] ? { 'stripe-version': String(req.headers['stripe-version']) } : {}),
          ...(idempotencyKey && method === 'POST' ? { 'idempotency-key': idempotencyKey } : {}),
          ...(answer.replayed ? { 'idempotent-replayed': 'true' } : {}),
        });
        res.end(answer.body);
      } else {
        record.status = hosted(method, url.pathname, params, res);
      }
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: e instanceof Error ? e.message : String(e) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    host: '127.0.0.1',
    port,
    url: base,
    requests,
    events: outbox.events,
    deliveries: outbox.deliveries,
    store,
    get webhookMode() {
      return outbox.mode;
    },
    set webhookMode(mode: WebhookMode) {
      outbox.mode = mode;
    },
    get revokedKey() {
      return revokedKey;
    },
    set revokedKey(key: string | null) {
      revokedKey = key;
    },
    setWebhook(url, secret) {
      outbox.url = url;
      outbox.secret = secret;
    },
    pendingEvents: () => outbox.pending.map((id) => outbox.events.find((e) => e.id === id)!),
    deliver: (eventId) => outbox.deliver(eventId),
    deliverAll: (o) => outbox.deliverAll(o),
    idle: () => outbox.idle(),
    emit: (type, object) => outbox.create(type, object),
    openDispute: (id) => store.openDispute(id),
    updateDispute: (id, status) => store.updateDispute(id, status),
    closeDispute: (id, status) => store.closeDispute(id, status),
    attachCard(customerId, cardNumber, exp) {
      const customer = store.customer(customerId);
      return store.newCard(normaliseCardNumber(cardNumber), exp ?? parseExpiry(undefined), customer.id);
    },
    chargesFor: (pmId) =>
      [...store.paymentIntents.values()].filter(
        (pi) => pi.payment_method === pmId && pi.status === 'succeeded' && store.offSessionIntents.has(pi.id),
      ),
    async close() {
      await outbox.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
