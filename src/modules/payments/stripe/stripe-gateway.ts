import { invoiceNumber } from '../../invoicing/rules/invoice-document.ts';
import { loadInvoice } from '../../invoicing/load-invoice.ts';
import { Conflict } from '../../shared/errors.ts';
import { payPath, type PaymentGateway } from '../gateway.ts';
import { parseRetryDays } from '../rules/charge-schedule.ts';
import { toMinorUnits } from '../rules/minor-units.ts';
import { isTestKey, stripeFor } from './client.ts';
import { gatewayTrouble } from './gateway-trouble.ts';
import { stripeCustomerFor } from './stripe-customer.ts';

export const CARD_RETURN = (invoiceId: number) => `/account/invoices/${invoiceId}/card/return`;

/**
 * Cards through Stripe Checkout: the client pays on Stripe's hosted page (3-D Secure there
 * too), so no card number ever reaches our pages and our CSP stays as it is.
 */
export const stripeGateway: PaymentGateway = {
  key: 'stripe',
  label: 'Card',
  description: "Card payments on Stripe's hosted checkout page, saved cards charged automatically on renewal, refunds and disputes.",
  settingsFields: [
    {
      key: 'secret_key',
      label: 'Secret key',
      type: 'secret',
      required: true,
      maxLength: 200,
      help: 'sk_live_… or sk_test_… (Stripe dashboard, Developers, API keys).',
    },
    {
      key: 'webhook_secret',
      label: 'Webhook signing secret',
      type: 'secret',
      maxLength: 200,
      help: 'whsec_… of the webhook endpoint shown below, sending checkout.session.completed, payment_intent.succeeded, payment_intent.payment_failed and charge.dispute.*.',
    },
    { key: 'auto_charge', label: 'Charge saved cards on renewal', type: 'boolean', default: true },
    {
      key: 'retry_days',
      label: 'Retry a declined renewal charge after (days)',
      type: 'text',
      default: '1,3,5',
      maxLength: 40,
      help: 'Days after the due date, separated by commas.',
    },
    { key: 'dispute_suspends', label: 'Suspend the services of a disputed payment', type: 'boolean', default: true },
  ],
  check(settings) {
    const problems: Record<string, string> = {};
    const key = settings.secret_key;
    if (typeof key === 'string' && !/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.test(key))
      problems.secret_key = 'The secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_.';
    const hook = settings.webhook_secret;
    if (typeof hook === 'string' && hook && !/^whsec_[A-Za-z0-9+/=]+$/.test(hook))
      problems.webhook_secret = 'The webhook signing secret starts with whsec_.';
    const days = typeof settings.retry_days === 'string' ? settings.retry_days : '';
    if (days.trim() && !/^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$/.test(days))
      problems.retry_days = 'Write whole days separated by commas, e.g. 1,3,5.';
    else if (parseRetryDays(days).length > 10) problems.retry_days = 'At most 10 retry days.';
    return problems;
  },
  mode: (settings) =>
    typeof settings.secret_key !== 'string' || !settings.secret_key ? null : isTestKey(settings) ? 'Test mode' : 'Live mode',
  offer({ invoice, defaultCard }) {
    const note = defaultCard
      ? `Pay on our card processor's secure page. Your ${defaultCard.brand} card ending ${defaultCard.last4} is saved for renewals.`
      : "Pay on our card processor's secure page; 3-D Secure is handled there.";
    return {
      key: 'stripe',
      label: 'Card',
      kind: 'button',
      action: payPath(invoice.id, 'stripe'),
      button: 'Pay by card',
      note,
      saveCard: true,
      refusal: null,
    };
  },
  async start(em, { clientId, invoiceId, env, settings, form }) {
    const invoice = await loadInvoice(em, invoiceId, clientId);
    if (invoice.status === 'paid') return { kind: 'paid', result: 'already-paid' };
    if (invoice.status !== 'unpaid') throw new Conflict('This invoice was cancelled and can no longer be paid.');
    const meta = { invoice_id: String(invoice.id), client_id: String(clientId) };
    const session = await gatewayTrouble(async () => {
      const stripe = await stripeFor(settings, env);
      const customer = await stripeCustomerFor(em, stripe, clientId);
      return stripe.checkout.sessions.create({
        mode: 'payment',
        customer,
        client_reference_id: String(invoice.id),
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: invoice.currency.toLowerCase(),
              unit_amount: toMinorUnits(invoice.amountDue, invoice.minorUnits),
              product_data: { name: `Invoice ${invoiceNumber(invoice)}` },
            },
          },
        ],
        metadata: meta,
        payment_intent_data: {
          metadata: meta,
          description: `Invoice ${invoiceNumber(invoice)}`,
          ...(form.save_card === 'on' ? { setup_future_usage: 'off_session' as const } : {}),
        },
        success_url: `${env.publicUrl}${CARD_RETURN(invoice.id)}?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${env.publicUrl}/account/invoices/${invoice.id}?payment=cancelled`,
      });
    });
    if (!session.url) throw new Conflict('The card page could not be opened; try again.');
    return { kind: 'redirect', to: session.url, external: true };
  },
  async testConnection(settings, env) {
    try {
      const stripe = await stripeFor(settings, env);
      const balance = await stripe.balance.retrieve();
      return { ok: true, message: `Connected to Stripe in ${balance.livemode ? 'live' : 'test'} mode.` };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  },
};
