import type Stripe from 'stripe';
import { bool, list, obj, str, strings, type FormObject, type FormValue } from './form.ts';
import { makeAccount, makeBalance, makeCheckoutSession, makeLineItem, now } from './objects.ts';
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
  if (!Number.isSafeInteger(n))
    throw invalid('Invalid integer: ' + (typeof v === 'string' ? v : JSON.stringify(v)), { code: 'parameter_invalid_integer', param });
  return n;
}

// Every parameter Stripe takes on these calls (API version of the installed SDK). The stand-in acts
// on a few and ignores the rest; a name outside the list is refused as Stripe refuses it.
const KNOWN = {
  customer:
    'address balance business_name cash_balance default_source description email individual_name invoice_prefix invoice_settings metadata name next_invoice_sequence payment_method phone preferred_locales shipping source tax tax_exempt tax_id_data test_clock validate',
  session:
    'adaptive_pricing after_expiration allow_promotion_codes allowed_payment_method_types automatic_tax billing_address_collection branding_settings cancel_url client_reference_id consent_collection currency custom_fields custom_text customer customer_account customer_creation customer_email customer_update discounts excluded_payment_method_types expires_at integration_identifier invoice_creation line_items locale managed_payments metadata mode name_collection optional_items origin_context payment_intent_data payment_method_collection payment_method_configuration payment_method_data payment_method_options permissions phone_number_collection redirect_on_completion return_url saved_payment_method_options setup_intent_data shipping_address_collection shipping_options submit_type subscription_data success_url tax_id_collection ui_mode wallet_options',
  paymentIntent:
    'amount currency allowed_payment_method_types amount_details application_fee_amount automatic_payment_methods capture_method confirm confirmation_method confirmation_token customer customer_account description error_on_requires_action excluded_payment_method_types hooks mandate mandate_data metadata off_session on_behalf_of payment_details payment_method payment_method_configuration payment_method_data payment_method_options radar_options receipt_email return_url setup_future_usage shipping statement_descriptor statement_descriptor_suffix transfer_data transfer_group use_stripe_sdk',
  refund:
    'amount charge currency customer instructions_email metadata origin payment_intent reason refund_application_fee reverse_transfer',
};

/** Stripe refuses parameters it does not know; so does the stand-in, which catches misspelt ones. */
function only(params: FormObject, known: string) {
  const allowed = known.split(' ');
  for (const key of Object.keys(params)) {
    if (key !== 'expand' && !allowed.includes(key))
      throw invalid(`Received unknown parameter: ${key}`, { code: 'parameter_unknown', param: key });
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
      if (pm.customer !== c.id)
        throw invalid(
          `The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`,
          { code: 'resource_missing', param: 'invoice_settings[default_payment_method]' },
        );
      c.invoice_settings.default_payment_method = pmId;
    }
  }
}

function createSession(req: ApiRequest, store: Store) {
  const p = req.params;
  only(p, KNOWN.session);
  const mode = str(p.mode);
  if (!mode) throw missing('mode');
  if (mode !== 'payment' && mode !== 'setup')
    throw invalid(`Invalid mode: the stand-in supports payment and setup (got ${mode})`, {
      code: 'parameter_invalid_string',
      param: 'mode',
    });
  const customer = str(p.customer) || null;
  if (customer) store.customer(customer);
  const customerEmail = str(p.customer_email) || null;
  if (customer && customerEmail)
    throw invalid('You may only specify one of these parameters: customer, customer_email.', { param: 'customer_email' });
  const pid = obj(p.payment_intent_data);
  const sid = obj(p.setup_intent_data);
  let amount: number | null = null;
  let currency = str(p.currency)?.toLowerCase() || null;
  const lineItems: Stripe.LineItem[] = [];
  if (mode === 'payment') {
    if (sid) throw invalid('You can only specify `setup_intent_data` in `setup` mode.', { param: 'setup_intent_data' });
    const items = list(p.line_items);
    if (!items.length)
      throw invalid('You must specify `line_items` in `payment` mode.', { code: 'parameter_missing', param: 'line_items' });
    amount = 0;
    items.forEach((raw, i) => {
      const item = obj(raw) ?? {};
      const at = `line_items[${i}]`;
      if (item.price !== undefined)
        throw noSuch('price', typeof item.price === 'string' ? item.price : JSON.stringify(item.price), `${at}[price]`);
      const pd = obj(item.price_data);
      if (!pd) throw missing(`${at}[price_data]`);
      const c = str(pd.currency)?.toLowerCase();
      if (!c) throw missing(`${at}[price_data][currency]`);
      if (currency && c !== currency)
        throw invalid('All line items must share the same currency.', { param: `${at}[price_data][currency]` });
      currency = c;
      const name = str(obj(pd.product_data)?.name);
      if (!name) throw missing(`${at}[price_data][product_data][name]`);
      const unit = int(pd.unit_amount, `${at}[price_data][unit_amount]`);
      if (unit === null || unit < 0) throw missing(`${at}[price_data][unit_amount]`);
      const qty = int(item.quantity, `${at}[quantity]`);
      if (qty === null) throw missing(`${at}[quantity]`);
      if (qty < 1) throw invalid('Quantity must be at least 1.', { code: 'parameter_invalid_integer', param: `${at}[quantity]` });
      amount! += unit * qty;
      lineItems.push(makeLineItem({ currency: c, unit_amount: unit, quantity: qty, name }));
    });
    if (amount < 50)
      throw invalid("The Checkout Session's total amount due must add up to at least $0.50 usd", { code: 'amount_too_small' });
  } else {
    if (p.line_items !== undefined) throw invalid('You cannot pass `line_items` in `setup` mode.', { param: 'line_items' });
    if (pid) throw invalid('You can only specify `payment_intent_data` in `payment` mode.', { param: 'payment_intent_data' });
  }
  const sfu = str(pid?.setup_future_usage) ?? null;
  if (sfu !== null && sfu !== 'off_session' && sfu !== 'on_session')
    throw invalid('Invalid payment_intent_data[setup_future_usage]', {
      code: 'parameter_invalid_string',
      param: 'payment_intent_data[setup_future_usage]',
    });
  const created = now();
  const expiresAt = int(p.expires_at, 'expires_at') ?? created + 86400;
  if (expiresAt < created + 1800 - 60 || expiresAt > created + 86400 + 60) {
    throw invalid('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', {
      param: 'expires_at',
    });
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
    lineItems,
    setupFutureUsage: sfu,
    paymentIntentMetadata: strings(pid?.metadata),
    paymentIntentDescription: str(pid?.description) ?? null,
    setupIntentMetadata: strings(sid?.metadata),
  });
  return session;
}

function createPaymentIntent(req: ApiRequest, store: Store) {
  const p = req.params;
  only(p, KNOWN.paymentIntent);
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
  [
    'POST',
    /^\/v1\/customers$/,
    (req, store) => {
      only(req.params, KNOWN.customer);
      const p = req.params;
      return store.addCustomer({
        email: str(p.email) || null,
        name: str(p.name) || null,
        description: str(p.description) || null,
        phone: str(p.phone) || null,
        metadata: strings(p.metadata),
      });
    },
  ],
  ['GET', /^\/v1\/customers\/([^/]+)$/, (_req, store, [id]) => store.customer(id!, 'id', 404)],
  [
    'POST',
    /^\/v1\/customers\/([^/]+)$/,
    (req, store, [id]) => {
      only(req.params, KNOWN.customer);
      const c = store.customer(id!, 'id', 404);
      setCustomerFields(store, c, req.params);
      return c;
    },
  ],
  [
    'GET',
    /^\/v1\/customers\/([^/]+)\/payment_methods$/,
    (req, store, [id]) => {
      store.customer(id!, 'customer', 404);
      return paymentMethodsOf(store, id!, req.params, `/v1/customers/${id}/payment_methods`);
    },
  ],
  ['POST', /^\/v1\/checkout\/sessions$/, (req, store) => createSession(req, store)],
  ['GET', /^\/v1\/checkout\/sessions\/([^/]+)$/, (_req, store, [id]) => store.session(id!)],
  [
    'GET',
    /^\/v1\/checkout\/sessions\/([^/]+)\/line_items$/,
    (req, store, [id]) => store.lineItems(store.session(id!).id, int(req.params.limit, 'limit') ?? 10),
  ],
  [
    'POST',
    /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/,
    (_req, store, [id]) => {
      const s = store.session(id!);
      if (s.status !== 'open')
        throw invalid(
          `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
          { code: 'checkout_session_unexpected_state' },
        );
      store.expireSession(s);
      return s;
    },
  ],
  ['POST', /^\/v1\/payment_intents$/, (req, store) => createPaymentIntent(req, store)],
  ['GET', /^\/v1\/payment_intents\/([^/]+)$/, (_req, store, [id]) => store.paymentIntent(id!, 'intent', 404)],
  [
    'GET',
    /^\/v1\/setup_intents\/([^/]+)$/,
    (_req, store, [id]) =>
      store.setupIntents.get(id!) ??
      (() => {
        throw noSuch('setupintent', id!, 'intent', 404);
      })(),
  ],
  [
    'GET',
    /^\/v1\/charges\/([^/]+)$/,
    (_req, store, [id]) =>
      store.charges.get(id!) ??
      (() => {
        throw noSuch('charge', id!, 'id', 404);
      })(),
  ],
  [
    'GET',
    /^\/v1\/payment_methods$/,
    (req, store) => {
      const customer = str(req.params.customer);
      if (!customer) throw missing('customer');
      store.customer(customer);
      return paymentMethodsOf(store, customer, req.params, '/v1/payment_methods');
    },
  ],
  ['GET', /^\/v1\/payment_methods\/([^/]+)$/, (_req, store, [id]) => store.paymentMethod(id!, 'payment_method', 404)],
  [
    'POST',
    /^\/v1\/payment_methods\/([^/]+)\/attach$/,
    (req, store, [id]) => {
      const pm = store.paymentMethod(id!, 'payment_method', 404);
      const customer = str(req.params.customer);
      if (!customer) throw missing('customer');
      store.attach(pm, store.customer(customer));
      return pm;
    },
  ],
  [
    'POST',
    /^\/v1\/payment_methods\/([^/]+)\/detach$/,
    (_req, store, [id]) => {
      const pm = store.paymentMethod(id!, 'payment_method', 404);
      store.detach(pm);
      return pm;
    },
  ],
  [
    'POST',
    /^\/v1\/refunds$/,
    (req, store) => {
      const p = req.params;
      only(p, KNOWN.refund);
      return store.refund({
        paymentIntent: str(p.payment_intent) || null,
        charge: str(p.charge) || null,
        amount: int(p.amount, 'amount'),
        metadata: strings(p.metadata),
        reason: str(p.reason) || null,
      });
    },
  ],
  [
    'GET',
    /^\/v1\/refunds\/([^/]+)$/,
    (_req, store, [id]) =>
      store.refunds.get(id!) ??
      (() => {
        throw noSuch('refund', id!, 'id', 404);
      })(),
  ],
];

/** The answer to one API call: the object (expanded as asked), or an ApiError thrown. */
export function handleApi(req: ApiRequest, store: Store): unknown {
  for (const [method, pattern, handler] of routes) {
    const m = pattern.exec(req.path);
    if (!m || method !== req.method) continue;
    const result = handler(req, store, m.slice(1).map(decodeURIComponent));
    return store.expand(result, expandOf(req.params));
  }
  throw new ApiError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${req.method}: ${req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}
