import type { EntityManager } from '@mikro-orm/postgresql';
import { storeCurrencies } from '../../settings/store-currencies.ts';
import { DomainError } from '../../shared/errors.ts';
import { claimGatewayEvent } from '../claim-gateway-event.ts';
import type { GatewayEnv } from '../gateway.ts';
import { loadGatewayConfig } from '../load-gateways.ts';
import type { DisputeStatus } from '../payments.entities.ts';
import { recordDispute } from '../record-dispute.ts';
import { finishChargeAttempt } from '../finish-charge-attempt.ts';
import { fromMinorUnits } from '../rules/minor-units.ts';
import { stripeFor, stripeWebhooks, type Stripe } from './client.ts';
import { recordCardPayment, refundUnowed } from './record-card-payment.ts';
import { idOf, SESSION_EXPAND, settleCheckoutSessionIn } from './settle-checkout-session.ts';

export type WebhookResult = 'processed' | 'duplicate' | 'ignored';

/**
 * One delivery at /webhooks/stripe: the signature is checked with the SDK, then the event is
 * handled once (its id recorded in the same transaction as what it does), whatever order and
 * however often Stripe sends it. What needs Stripe (a session's card) is fetched before the
 * transaction opens.
 */
export async function handleStripeWebhook(
  em: EntityManager,
  input: { payload: string; signature: string; now: Date },
  env: GatewayEnv,
  appSecret: string,
): Promise<WebhookResult> {
  const config = await loadGatewayConfig(em, 'stripe', appSecret);
  const secret = config?.settings.webhook_secret;
  if (!config || typeof secret !== 'string' || !secret) throw new DomainError('Stripe webhooks are not set up here.');
  let event: Stripe.Event;
  try {
    event = (await stripeWebhooks()).constructEvent(input.payload, input.signature, secret);
  } catch {
    throw new DomainError('The webhook signature does not match.', 'signature');
  }
  const suspend = config.settings.dispute_suspends !== false;
  let session: Stripe.Checkout.Session | null = null;
  if (event.type === 'checkout.session.completed' || event.type === 'checkout.session.async_payment_succeeded') {
    const stripe = await stripeFor(config.settings, env);
    session = await stripe.checkout.sessions.retrieve(event.data.object.id, { expand: SESSION_EXPAND });
  }
  let unowed: string | null = null;
  const result = await em.transactional(async (tx): Promise<WebhookResult> => {
    if (!(await claimGatewayEvent(tx, 'stripe', event.id, event.type))) return 'duplicate';
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
        // NOTE: a session this product did not make (another app on the same account) is not ours to settle.
        if (!session?.metadata?.client_id) return 'ignored';
        if ((await settleCheckoutSessionIn(tx, session, input.now)) === 'not-owed') unowed = idOf(session.payment_intent);
        return 'processed';
      case 'payment_intent.succeeded': {
        const pi = event.data.object;
        const invoiceId = Number(pi.metadata?.invoice_id);
        if (!Number.isSafeInteger(invoiceId) || invoiceId <= 0) return 'ignored';
        if (
          (await recordCardPayment(tx, { invoiceId, reference: pi.id, minor: pi.amount_received, currency: pi.currency }, input.now)) ===
          'not-owed'
        )
          unowed = pi.id;
        await finishChargeAttempt(tx, { reference: pi.id, metadata: pi.metadata }, { status: 'succeeded', message: null }, input.now);
        return 'processed';
      }
      // NOTE: a failed charge is settled by the run that made it, which also tells the client; a run
      // that stopped takes its attempt over later with the same key and hears the same answer.
      case 'payment_intent.payment_failed':
        return 'ignored';
      case 'charge.dispute.created':
      case 'charge.dispute.updated':
      case 'charge.dispute.closed': {
        const d = event.data.object;
        const paymentReference = idOf(d.payment_intent);
        if (!paymentReference) return 'ignored';
        const minor = (await storeCurrencies(tx)).find((c) => c.code === d.currency.toUpperCase())?.minorUnits ?? 2;
        const known = await recordDispute(
          tx,
          {
            gateway: 'stripe',
            reference: d.id,
            paymentReference,
            status: d.status as DisputeStatus,
            amount: fromMinorUnits(d.amount, minor),
            currency: d.currency.toUpperCase(),
            reason: d.reason ?? '',
          },
          { suspend, publicUrl: env.publicUrl },
          input.now,
        );
        return known ? 'processed' : 'ignored';
      }
      default:
        return 'ignored';
    }
  });
  if (unowed) await refundUnowed(await stripeFor(config.settings, env), unowed);
  return result;
}
