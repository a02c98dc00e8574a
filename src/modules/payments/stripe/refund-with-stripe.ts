import type { EntityManager } from '@mikro-orm/postgresql';
import { storeCurrencies } from '../../settings/store-currencies.ts';
import { RefundRefused, registerGatewayRefunder, type GatewayRefund } from '../../invoicing/refund-at-gateway.ts';
import type { GatewayEnv } from '../gateway.ts';
import { loadGatewayConfig } from '../load-gateways.ts';
import { toMinorUnits } from '../rules/minor-units.ts';
import { stripeFor } from './client.ts';

/** A refund of a card payment: a Stripe refund of its PaymentIntent, keyed so a retry refunds once. */
export async function refundWithStripe(
  em: EntityManager,
  input: GatewayRefund,
  env: GatewayEnv,
  appSecret: string,
): Promise<{ reference: string }> {
  const config = await loadGatewayConfig(em, 'stripe', appSecret);
  if (!config?.settings.secret_key) throw new RefundRefused('Card refunds need the Stripe keys in the payment settings.');
  const minorUnits = (await storeCurrencies(em)).find((c) => c.code === input.currency)?.minorUnits ?? 2;
  const stripe = await stripeFor(config.settings, env);
  try {
    const refund = await stripe.refunds.create(
      {
        payment_intent: input.paymentReference,
        amount: toMinorUnits(input.amount, minorUnits),
        metadata: { idempotency_key: input.idempotencyKey },
      },
      { idempotencyKey: input.idempotencyKey },
    );
    return { reference: refund.id };
  } catch (err) {
    // NOTE: only Stripe's definite refusals (a 4xx about the request) release the amount; a
    // timeout or a 5xx may hide a refund that happened, so the refund stays pending.
    const e = err as { type?: string; statusCode?: number; message?: string };
    if ((e.type === 'StripeInvalidRequestError' || e.type === 'StripeCardError') && e.statusCode !== undefined && e.statusCode < 500)
      throw new RefundRefused(e.message ?? 'refused');
    throw err;
  }
}

/**
 * Card refunds go through Stripe: registered where refunds are made (the web process), with
 * what it needs from the process (a fresh EntityManager per call, the configuration).
 */
export function registerStripeRefunds(em: () => EntityManager, env: GatewayEnv, appSecret: string): void {
  registerGatewayRefunder('stripe', (input) => refundWithStripe(em(), input, env, appSecret));
}
