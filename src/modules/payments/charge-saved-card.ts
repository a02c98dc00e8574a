import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { loadInvoiceTags } from '../invoicing/load-invoice-tags.ts';
import { queueClientMessage } from '../notices/queue-client-message.ts';
import { formatMoney, fromDecimalString } from '../shared/money.ts';
import { claimChargeAttempt, type ClaimedCharge } from './claim-charge-attempt.ts';
import type { GatewayEnv } from './gateway.ts';
import type { ChargeStatus } from './payments.entities.ts';
import { toMinorUnits } from './rules/minor-units.ts';
import { stripeFor } from './stripe/client.ts';
import { recordCardPayment, refundUnowed } from './stripe/record-card-payment.ts';
import type { FieldValues } from '../plugins/rules/field-spec.ts';

export type ChargeOutcome = 'charged' | 'declined' | 'authentication_required' | 'processing' | 'skipped';

interface CardError {
  type: string;
  code?: string;
  message?: string;
  payment_intent?: { id: string } | null;
}
const isCardError = (err: unknown): err is CardError =>
  typeof err === 'object' && err !== null && (err as CardError).type === 'StripeCardError';

/** The idempotency key of one attempt: the same attempt sent again is the same charge at Stripe. */
export const chargeKey = (invoiceId: number, attempt: number) => `invoice-${invoiceId}-attempt-${attempt}`;

/**
 * Charges an unpaid invoice to the client's default saved card, off-session: attempt `attempt`
 * once. The payment is recorded with the PaymentIntent's id, so the webhook reporting the same
 * charge records nothing more. A card error settles the attempt (declined, or the bank wants
 * the cardholder, who is emailed a link); any other failure leaves it pending, to be retried by
 * a later run with the same idempotency key.
 */
export async function chargeSavedCard(
  em: EntityManager,
  invoiceId: number,
  attempt: number,
  settings: FieldValues,
  env: GatewayEnv,
  opts: { now: Date; finalAttempt: boolean },
): Promise<ChargeOutcome> {
  const claim = await claimChargeAttempt(em, invoiceId, attempt, opts.now);
  if (!claim) return 'skipped';
  const stripe = await stripeFor(settings, env);
  let intent: { id: string; status: string; amount_received: number; currency: string };
  try {
    intent = await stripe.paymentIntents.create(
      {
        amount: toMinorUnits(claim.amountDue, claim.minorUnits),
        currency: claim.currency.toLowerCase(),
        customer: claim.customer,
        payment_method: claim.card.reference,
        off_session: true,
        confirm: true,
        description: `Invoice #${invoiceId}`,
        metadata: { invoice_id: String(invoiceId), client_id: String(claim.clientId), attempt: String(attempt) },
      },
      { idempotencyKey: chargeKey(invoiceId, attempt) },
    );
  } catch (err) {
    if (!isCardError(err)) throw err;
    const status = err.code === 'authentication_required' ? 'authentication_required' : 'declined';
    await em.transactional(async (tx) => {
      if (await settle(tx, claim, status, err.payment_intent?.id ?? null, err.message ?? null, opts.now))
        await tellClient(tx, claim, status, env, opts.finalAttempt);
    });
    return status;
  }
  if (intent.status !== 'succeeded') {
    // NOTE: a charge still processing is settled by its webhook (payment_intent.succeeded or payment_failed).
    await db(em).updateTable('charge_attempt').set({ reference: intent.id }).where('id', '=', claim.attemptId).execute();
    return 'processing';
  }
  const recorded = await em.transactional(async (tx) => {
    const r = await recordCardPayment(
      tx,
      { invoiceId, reference: intent.id, minor: intent.amount_received, currency: intent.currency },
      opts.now,
    );
    await settle(tx, claim, 'succeeded', intent.id, null, opts.now);
    return r;
  });
  if (recorded === 'not-owed') await refundUnowed(stripe, intent.id);
  return 'charged';
}

async function settle(
  tx: EntityManager,
  claim: ClaimedCharge,
  status: Exclude<ChargeStatus, 'pending'>,
  reference: string | null,
  message: string | null,
  now: Date,
): Promise<boolean> {
  const row = await db(tx)
    .updateTable('charge_attempt')
    .set({ status, reference, message: message?.slice(0, 500) ?? null, finished_at: now })
    .where('id', '=', claim.attemptId)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The client is told once per attempt (the key), in their language: their bank declined the
 * charge, or wants them to confirm it on the invoice's page.
 */
async function tellClient(
  tx: EntityManager,
  claim: ClaimedCharge,
  kind: 'authentication_required' | 'declined',
  env: GatewayEnv,
  finalAttempt: boolean,
): Promise<void> {
  const invoice = (await loadInvoiceTags(tx, [claim.invoiceId], env.publicUrl)).get(claim.invoiceId);
  if (!invoice) return;
  const card = await db(tx).selectFrom('saved_card').select(['brand', 'last4']).where('id', '=', claim.card.id).executeTakeFirst();
  const values = {
    ...invoice.values,
    // NOTE: what this attempt charged, which credit or a part payment may have made less than the invoice says now.
    'invoice.amount_due': formatMoney(fromDecimalString(claim.amountDue), claim.currency, claim.minorUnits),
    'card.name': card
      ? { en: `${card.brand} card ending ${card.last4}`, de: `${card.brand}-Karte mit Endziffern ${card.last4}` }
      : { en: 'saved card', de: 'gespeicherten Karte' },
    'charge.next_step': finalAttempt ? NEXT_STEP.final : NEXT_STEP.retry,
  };
  const event = kind === 'authentication_required' ? 'payment_needs_authentication' : 'payment_failed';
  await queueClientMessage(tx, { event, clientId: claim.clientId, key: `${claim.invoiceId}:${claim.attempt}`, values });
}

const NEXT_STEP = {
  retry: {
    en: 'We will try again in a few days; you can also pay the invoice now, with another card if you like.',
    de: 'Wir versuchen es in einigen Tagen erneut; Sie können die Rechnung auch gleich bezahlen, gern mit einer anderen Karte.',
  },
  final: {
    en: 'We will not try the card again: please pay the invoice yourself to keep your services running.',
    de: 'Wir buchen nicht noch einmal von der Karte ab: Bitte bezahlen Sie die Rechnung selbst, damit Ihre Dienste weiterlaufen.',
  },
};
