import { log } from '../observability/log.ts';
import { Hono } from 'hono';
import { gatewayEnv } from '../config.ts';
import { handleStripeWebhook } from '../modules/payments/stripe/handle-stripe-webhook.ts';
import { Conflict, DomainError } from '../modules/shared/errors.ts';
import type { Env } from './types.ts';

/**
 * Gateways' webhooks: no session, no CSRF token (the signature is the proof). A bad signature
 * is a 400 Stripe shows in its dashboard; anything else failing is a 500 and Stripe sends the
 * event again later, which is safe: each event is handled once.
 */
export const webhookRoutes = new Hono<Env>().post('/stripe', async (c) => {
  const payload = await c.req.text();
  const signature = c.req.header('stripe-signature') ?? '';
  try {
    const result = await handleStripeWebhook(
      c.var.em,
      { payload, signature, now: c.var.now },
      gatewayEnv(c.var.deps.config),
      c.var.deps.config.APP_SECRET,
    );
    return c.json({ received: true, result });
  } catch (err) {
    if (err instanceof DomainError) return c.json({ error: { status: 400, message: err.message } }, 400);
    // NOTE: a payment for an invoice cancelled meanwhile cannot be recorded; it stays in Stripe for staff, not retried forever.
    if (err instanceof Conflict) {
      log.error({ err: err.message }, 'stripe webhook failed');
      return c.json({ received: true, result: 'conflict', message: err.message });
    }
    throw err;
  }
});
