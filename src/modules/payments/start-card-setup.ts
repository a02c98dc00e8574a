import type { EntityManager } from '@mikro-orm/postgresql';
import { creditCurrencyOf } from '../clients/credit-currency.ts';
import { NotFound } from '../shared/errors.ts';
import type { GatewayEnv } from './gateway.ts';
import { loadGatewayConfig } from './load-gateways.ts';
import { stripeFor } from './stripe/client.ts';
import { gatewayTrouble } from './stripe/gateway-trouble.ts';
import { stripeCustomerFor } from './stripe/stripe-customer.ts';

export const CARDS_RETURN = '/account/cards/return';

/** A client adds a card for automatic charges: Stripe's hosted page in setup mode (no charge). */
export async function startCardSetup(em: EntityManager, clientId: number, env: GatewayEnv, appSecret: string): Promise<string> {
  const config = await loadGatewayConfig(em, 'stripe', appSecret);
  if (!config?.enabled) throw new NotFound('That page');
  const currency = await creditCurrencyOf(em, clientId);
  const session = await gatewayTrouble(async () => {
    const stripe = await stripeFor(config.settings, env);
    const customer = await stripeCustomerFor(em, stripe, clientId);
    return stripe.checkout.sessions.create({
      mode: 'setup',
      customer,
      currency: (currency ?? 'USD').toLowerCase(),
      metadata: { client_id: String(clientId) },
      setup_intent_data: { metadata: { client_id: String(clientId) } },
      success_url: `${env.publicUrl}${CARDS_RETURN}?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${env.publicUrl}/account/cards`,
    });
  });
  if (!session.url) throw new NotFound('That page');
  return session.url;
}
