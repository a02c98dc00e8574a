import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../../db/database.ts';
import { NotFound } from '../../shared/errors.ts';
import { saveCard } from '../save-card.ts';
import { cardOf } from './card-of.ts';
import type { Stripe } from './client.ts';
import { recordCardPayment, type CardPaymentResult } from './record-card-payment.ts';

export type SettleResult = CardPaymentResult | 'card-saved' | 'processing';

/** A session as retrieved with its intent's payment method expanded (what settling needs). */
export const SESSION_EXPAND = ['payment_intent.payment_method', 'setup_intent.payment_method'];

/** The id of a field Stripe sends either as an id or, when expanded, as the object. */
export const idOf = (x: string | { id: string } | null | undefined) => (typeof x === 'string' ? x : (x?.id ?? null));

/**
 * A Checkout Session came back, through the return page or its webhook, in either order or
 * both at once: records the payment (keyed by the PaymentIntent id, so it counts once) and
 * keeps the card if the client saved it. NOTE: no call to Stripe happens in here: the session
 * is fetched before, so the transaction never waits on the network.
 */
export async function settleCheckoutSession(em: EntityManager, session: Stripe.Checkout.Session, now: Date): Promise<SettleResult> {
  return em.transactional((tx) => settleCheckoutSessionIn(tx, session, now));
}

export async function settleCheckoutSessionIn(tx: EntityManager, session: Stripe.Checkout.Session, now: Date): Promise<SettleResult> {
  const clientId = Number(session.metadata?.client_id);
  if (!Number.isSafeInteger(clientId)) throw new NotFound('That payment');
  const customer = await db(tx)
    .selectFrom('gateway_customer')
    .select('client_id')
    .where('gateway', '=', 'stripe')
    .where('reference', '=', idOf(session.customer) ?? '')
    .executeTakeFirst();
  // NOTE: a session is trusted only for the client whose customer it was made for.
  if (customer?.client_id !== clientId) throw new NotFound('That payment');
  const intent = session.mode === 'setup' ? session.setup_intent : session.payment_intent;
  const pm = typeof intent === 'object' && intent ? intent.payment_method : null;
  // Only a card Stripe attached to the customer (the client ticked "keep this card") can be charged later.
  const card = pm && typeof pm === 'object' && pm.customer ? cardOf(pm) : null;
  if (session.mode === 'setup') {
    if (!card) return 'processing';
    await saveCard(tx, clientId, card);
    return 'card-saved';
  }
  if (session.payment_status !== 'paid') return 'processing';
  const invoiceId = Number(session.metadata?.invoice_id);
  const reference = idOf(session.payment_intent);
  if (!Number.isSafeInteger(invoiceId) || !reference) throw new NotFound('That payment');
  // NOTE: the payment first: it takes the invoice lock that orders a racing webhook and return page.
  const paid = await recordCardPayment(
    tx,
    { invoiceId, reference, minor: session.amount_total ?? 0, currency: session.currency ?? '' },
    now,
  );
  if (card) await saveCard(tx, clientId, card);
  return paid;
}
