import type { CardDetails } from '../save-card.ts';
import type { Stripe } from './client.ts';

/** What we keep of a Stripe card payment method; null for anything that is not a card. */
export function cardOf(pm: Stripe.PaymentMethod | string | null | undefined): CardDetails | null {
  if (!pm || typeof pm === 'string' || pm.type !== 'card' || !pm.card) return null;
  return {
    gateway: 'stripe',
    reference: pm.id,
    brand: pm.card.brand,
    last4: pm.card.last4,
    expMonth: pm.card.exp_month,
    expYear: pm.card.exp_year,
  };
}
