import type Stripe from 'stripe';
import { bool, list, obj, str, strings, type FormObject, type FormValue } from './form.ts';
import { makeAccount, makeBalance, makeCheckoutSession, now } from './objects.ts';
import { ApiError, invalid, noSuch, type Store } from './store.ts';

export interface ApiRequest {
  method: string;
  path: string;
  params: FormObject;
  live: boolean;
  /** http://127.0.0.1:port, for the hosted page's address. */
  base: string;
  accountId: string;
}

type Handler = (req: ApiRequest, store: Store, ids: string[]) => unknown;

const missing = (param: string) => invalid(`Missing required param: ${param}.`, { code: 'parameter_missing', param });

function int(v: FormValue | undefined, param: string): number | null {
  if (v === undefined || v === '') return null;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw invalid('Invalid integer: ' + String(v), { code: 'parameter_invalid_integer', param });
  return n;
}

/** Stripe refuses parameters it does not know; so does the stand-in, which catches misspelt ones. */
function only(params: FormObject, allowed: string[]) {
  for (const key of Object.keys(params)) {
    if (key !== 'expand' && !allowed.includes(key)) throw invalid(`Received unknown parameter: ${key}`, { code: 'parameter_unknown', param: key });
  }
}

const expandOf = (params: FormObject) => list(params.expand).filter((e): e is string => typeof e === 'string');

/** Stripe merges metadata on update; an empty value removes the key. */
function mergeMetadata(current: Record<string, string>, update: FormValue | undefined): Record<string, string> {
  if (update === '') return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(strings(update))) {
    if (v === '') delete next[k];
    else next[k] = v;
  }
  return next;
}

function listOf<T>(data: T[], url: string, params: FormObject) {
  const limit = int(params.limit, 'limit') ?? 10;
  return { object: 'list', data: data.slice(0, limit), has_more: data.length > limit, url };
}

function paymentMethodsOf(store: Store, customer: string, params: FormObject, url: string) {
  const type = str(params.type);
  const pms = [...store.paymentMethods.values()].filter((pm) => pm.customer === customer && (!type || pm.type === type)).reverse();
  return listOf(pms, url, params);
}

function setCustomerFields(store: Store, c: Stripe.Customer, p: FormObject) {
  for (const key of ['email', 'name', 'description', 'phone'] as const) {
    const v = str(p[key]);
    if (v !== undefined) (c as unknown as Record<string, string | null>)[key] = v === '' ? null : v;
  }
  if (p.metadata !== undefined) c.metadata = mergeMetadata(c.metadata, p.metadata);
  const settings = obj(p.invoice_settings);
  const pmId = str(settings?.default_payment_method);
  if (pmId !== undefined) {
    if (pmId === '') {
      c.invoice_settings.default_payment_method = null;
    } else {
      const pm = store.paymentMethod(pmId, 'invoice_settings[default_payment_method]');
      if (pm.customer !== c.id) throw invalid(`The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`, { code: 'resource_missing', param: 'invoice_settings[default_payment_method]' });
      c.invoice_settings.default_payment_method = pmId;
    }
  }
}

function createSession(req: ApiRequest, store: Store) {
  const p = req.params;
  only(p, ['mode', 'line_items', 'currency', 'customer', 'customer_email', 'success_url', 'cancel_url', 'client_reference_id', 'metadata', 'payment_intent_data', 'setup_intent_data', 'expires_at', 'payment_method_types', 'locale', 'submit_type', 'ui_mode', 'customer_creation', 'billing_address_collection']);
  const mode = str(p.mode);
  if (!mode) throw missing('mode');
  if (mode !== 'payment' && mode !== 'setup') throw invalid(`Invalid mode: the stand-in supports payment and setup (got ${mode})`, { code: 'parameter_invalid_string', param: 'mode' });
  const customer = str(p.customer) || null;
  if (customer) store.customer(customer);
  const customerEmail = str(p.customer_email) || null;
  if (customer && customerEmail) throw invalid('You may only specify one of these parameters: customer, customer_email.', { param: 'customer_email' });
  const pid = obj(p.payment_intent_data);
  const sid = obj(p.setup_intent_data);
  let amount: number | null = null;
  let currency = str(p.currency)?.toLowerCase() || null;
  if (mode === 'payment') {
    if (sid) throw invalid('You can only specify `setup_intent_data` in `setup` mode.', { param: 'setup_intent_data' });
    const items = list(p.line_items);
    if (!items.length) throw invalid('You must specify `line_items` in `payment` mode.', { code: 'parameter_missing', param: 'line_items' });
    amount = 0;
    items.forEach((raw, i) => {
      const item = obj(raw) ?? {};
      const at = `line_items[${i}]`;
      if (item.price !== undefined) throw noSuch('price', String(item.price), `${at}[price]`);
      const pd = obj(item.price_data);
      if (!pd) throw missing(`${at}[price_data]`);
      const c = str(pd.currency)?.toLowerCase();
      if (!c) throw missing(`${at}[price_data][currency]`);
      if (currency && c !== currency) throw invalid('All line items must share the same currency.', { param: `${at}[price_data][currency]` });
      currency = c;
      if (!str(obj(pd.product_data)?.name) && !str(pd.product)) throw missing(`${at}[price_data][product_data][name]`);
      const unit = int(pd.unit_amount, `${at}[price_data][unit_amount]`);
      if (unit === null || unit < 0) throw missing(`${at}[price_data][unit_amount]`);
      const qty = int(item.quantity, `${at}[quantity]`);
      if (qty === null) throw missing(`${at}[quantity]`);
      if (qty < 1) throw invalid('Quantity must be at least 1.', { code: 'parameter_invalid_integer', param: `${at}[quantity]` });
      amount! += unit * qty;
    });
    if (amount < 50) throw invalid('The Checkout Session\'s total amount due must add up to at least $0.50 usd', { code: 'amount_too_small' });
  } else {
    if (p.line_items !== undefined) throw invalid('You cannot pass `line_items` in `setup` mode.', { param: 'line_items' });
    if (pid) throw invalid('You can only specify `payment_intent_data` in `payment` mode.', { param: 'payment_intent_data' });
  }
  const sfu = str(pid?.setup_future_usage) ?? null;
  if (sfu !== null && sfu !== 'off_session' && sfu !== 'on_session') throw invalid('Invalid payment_intent_data[setup_future_usage]', { code: 'parameter_invalid_string', param: 'payment_intent_data[setup_future_usage]' });
  const created = now();
  const expiresAt = int(p.expires_at, 'expires_at') ?? created + 86400;
  if (expiresAt < created + 1800 - 60 || expiresAt > created + 86400 + 60) {
    throw invalid('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', { param: 'expires_at' });
  }
  const id = store.newSessionId();
  const session = makeCheckoutSession({
    id,
    url: `${req.base}/c/pay/${id}`,
    mode,
    amount_total: amount,
    currency,
    customer,
    customer_email: customerEmail,
    success_url: str(p.success_url) ?? null,
    cancel_url: str(p.cancel_url) ?? null,
    client_reference_id: str(p.client_reference_id) ?? null,
    metadata: strings(p.metadata),
    expires_at: expiresAt,
  });
  store.addSession(session, {
    setupFutureUsage: sfu,
    paymentIntentMetadata: strings(pid?.metadata),
    paymentIntentDescription: str(pid?.description) ?? null,
    setupIntentMetadata: strings(sid?.metadata),
  });
  return session;
}

function createPaymentIntent(req: ApiRequest, store: Store) {
  const p = req.params;
  only(p, ['amount', 'currency', 'customer', 'payment_method', 'off_session', 'confirm', 'metadata', 'description', 'payment_method_types', 'receipt_email', 'statement_descriptor_suffix']);
  const amount = int(p.amount, 'amount');
  if (amount === null) throw missing('amount');
  if (amount < 50) throw invalid('Amount must be at least $0.50 usd', { code: 'amount_too_small', param: 'amount' });
  const currency = str(p.currency)?.toLowerCase();
  if (!currency) throw missing('currency');
  const confirm = bool(p.confirm);
  const offSession = p.off_session === 'true' || p.off_session === 'one_off' || p.off_session === 'recurring';
  if (offSession && !confirm) throw invalid('`off_session` can only be used with `confirm=true`.', { param: 'off_session' });
  return store.createPaymentIntent({
    amount,
    currency,
    customer: str(p.customer) || null,
    paymentMethod: str(p.payment_method) || null,
    confirm,
    offSession,
    metadata: strings(p.metadata),
    description: str(p.description) ?? null,
  });
}

const routes: [string, RegExp, Handler][] = [
  ['GET', /^\/v1\/balance$/, (req) => makeBalance(req.live)],
  ['GET', /^\/v1\/account$/, (req) => makeAccount(req.accountId, req.live)],
  ['POST', /^\/v1\/customers$/, (req, store) => {
    only(req.params, ['email', 'name', 'description', 'phone', 'metadata']);
    const p = req.params;
    return store.addCustomer({ email: str(p.email) || null, name: str(p.name) || null, description: str(p.description) || null, phone: str(p.phone) || null, metadata: strings(p.metadata) });
  }],
  ['GET', /^\/v1\/customers\/([^/]+)$/, (_req, store, [id]) => store.customer(id!, 'id', 404)],
  ['POST', /^\/v1\/customers\/([^/]+)$/, (req, store, [id]) => {
    only(req.params, ['email', 'name', 'description', 'phone', 'metadata', 'invoice_settings']);
    const c = store.customer(id!, 'id', 404);
    setCustomerFields(store, c, req.params);
    return c;
  }],
  ['GET', /^\/v1\/customers\/([^/]+)\/payment_methods$/, (req, store, [id]) => {
    store.customer(id!, 'customer', 404);
    return paymentMethodsOf(store, id!, req.params, `/v1/customers/${id}/payment_methods`);
  }],
  ['POST', /^\/v1\/checkout\/sessions$/, (req, store) => createSession(req, store)],
  ['GET', /^\/v1\/checkout\/sessions\/([^/]+)$/, (_req, store, [id]) => store.session(id!)],
  ['POST', /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/, (_req, store, [id]) => {
    const s = store.session(id!);
    if (s.status !== 'open') throw invalid(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`, { code: 'checkout_session_unexpected_state' });
    store.expireSession(s);
    return s;
  }],
  ['POST', /^\/v1\/payment_intents$/, (req, store) => createPaymentIntent(req, store)],
  ['GET', /^\/v1\/payment_intents\/([^/]+)$/, (_req, store, [id]) => store.paymentIntent(id!, 'intent', 404)],
  ['GET', /^\/v1\/setup_intents\/([^/]+)$/, (_req, store, [id]) => store.setupIntents.get(id!) ?? (() => { throw noSuch('setupintent', id!, 'intent', 404); })()],
  ['GET', /^\/v1\/charges\/([^/]+)$/, (_req, store, [id]) => store.charges.get(id!) ?? (() => { throw noSuch('charge', id!, 'id', 404); })()],
  ['GET', /^\/v1\/payment_methods$/, (req, store) => {
    const customer = str(req.params.customer);
    if (!customer) throw missing('customer');
    store.customer(customer);
    return paymentMethodsOf(store, customer, req.params, '/v1/payment_methods');
  }],
  ['GET', /^\/v1\/payment_methods\/([^/]+)$/, (_req, store, [id]) => store.paymentMethod(id!, 'payment_method', 404)],
  ['POST', /^\/v1\/payment_methods\/([^/]+)\/detach$/, (_req, store, [id]) => {
    const pm = store.paymentMethod(id!, 'payment_method', 404);
    store.detach(pm);
    return pm;
  }],
  ['POST', /^\/v1\/refunds$/, (req, store) => {
    const p = req.params;
    only(p, ['payment_intent', 'charge', 'amount', 'metadata', 'reason']);
    return store.refund({ paymentIntent: str(p.payment_intent) || null, charge: str(p.charge) || null, amount: int(p.amount, 'amount'), metadata: strings(p.metadata), reason: str(p.reason) || null });
  }],
  ['GET', /^\/v1\/refunds\/([^/]+)$/, (_req, store, [id]) => store.refunds.get(id!) ?? (() => { throw noSuch('refund', id!, 'id', 404); })()],
];

/** The answer to one API call: the object (expanded as asked), or an ApiError thrown. */
export function handleApi(req: ApiRequest, store: Store): unknown {
  for (const [method, pattern, handler] of routes) {
    const m = pattern.exec(req.path);
    if (!m || method !== req.method) continue;
    const result = handler(req, store, m.slice(1).map(decodeURIComponent));
    return store.expand(result, expandOf(req.params));
  }
  throw new ApiError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.` });
}
