import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../../shared/errors.ts';
import type { GatewayEnv } from '../gateway.ts';
import { loadGatewayConfig } from '../load-gateways.ts';
import { stripeFor } from './client.ts';
import { gatewayTrouble } from './gateway-trouble.ts';
import { refundUnowed } from './record-card-payment.ts';
import { SESSION_EXPAND, settleCheckoutSession, type SettleResult } from './settle-checkout-session.ts';

/**
 * The client is back from Stripe's page: the outcome is read from Stripe now, so the page can
 * say it without waiting for the webhook (which, arriving too, changes nothing).
 * `invoiceId` null: a card-saving session (no invoice).
 */
export async function completeCardReturn(
  em: EntityManager,
  input: { clientId: number; invoiceId: number | null; sessionId: string; now: Date },
  env: GatewayEnv,
  appSecret: string,
): Promise<SettleResult> {
  const config = await loadGatewayConfig(em, 'stripe', appSecret);
  if (!config?.enabled || !/^cs_[A-Za-z0-9_]{1,200}$/.test(input.sessionId)) throw new NotFound('That payment');
  const session = await gatewayTrouble(async () => {
    try {
      return await (await stripeFor(config.settings, env)).checkout.sessions.retrieve(input.sessionId, { expand: SESSION_EXPAND });
    } catch (err) {
      // A session id Stripe does not know (typed by hand, from another account) is no payment of ours.
      if ((err as { code?: string }).code === 'resource_missing') throw new NotFound('That payment');
      throw err;
    }
  });
  const ownInvoice = input.invoiceId === null ? session.mode === 'setup' : session.metadata?.invoice_id === String(input.invoiceId);
  if (session.metadata?.client_id !== String(input.clientId) || !ownInvoice) throw new NotFound('That payment');
  const result = await settleCheckoutSession(em, session, input.now);
  if (result === 'not-owed' && session.payment_intent)
    await gatewayTrouble(async () =>
      refundUnowed(
        await stripeFor(config.settings, env),
        typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent!.id,
      ),
    );
  return result;
}
