import { log } from '../../../observability/log.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../../db/database.ts';
import { payInvoiceIn, type PayResult } from '../../invoicing/pay-invoice.ts';
import { Conflict, NotFound } from '../../shared/errors.ts';
import { fromDecimalString, toDecimalString } from '../../shared/money.ts';
import { toMinorUnits } from '../rules/minor-units.ts';
import type { Stripe } from './client.ts';

/** `not-owed`: the invoice was paid another way or cancelled meanwhile; the card money goes back. */
export type CardPaymentResult = PayResult | 'not-owed';

/**
 * Records a succeeded card PaymentIntent on its invoice, in the caller's transaction (keyed by
 * its id, so the webhook, the return page and the charge job record it once between them).
 * NOTE: a client can pay in two tabs (credit here, card there) or staff can cancel the invoice
 * while the card page is open: the card money is then not owed, and the caller refunds it
 * after commit (refundUnowed) rather than keep it unrecorded.
 */
export async function recordCardPayment(
  tx: EntityManager,
  input: { invoiceId: number; reference: string; minor: number; currency: string },
  now: Date,
): Promise<CardPaymentResult> {
  // More than is due: credit went towards the invoice while the card page was open. The card
  // money is given back whole (the invoice stays due for what is left) rather than kept in part.
  if ((await amountAgainstDue(tx, input.invoiceId, input.minor, input.currency)) === 'more') return 'not-owed';
  let result: PayResult;
  try {
    result = await payInvoiceIn(tx, { invoiceId: input.invoiceId, gateway: 'stripe', reference: input.reference }, now);
  } catch (err) {
    if (err instanceof Conflict) return 'not-owed';
    throw err;
  }
  if (result === 'paid') return result;
  const ours = await db(tx)
    .selectFrom('payment')
    .select('id')
    .where('gateway', '=', 'stripe')
    .where('reference', '=', input.reference)
    .executeTakeFirst();
  return ours ? result : 'not-owed';
}

/** Gives back a card payment nothing is owed for, once whoever asks (one idempotency key per payment). */
export async function refundUnowed(stripe: Stripe, paymentIntentId: string): Promise<void> {
  await stripe.refunds.create(
    { payment_intent: paymentIntentId, reason: 'duplicate', metadata: { why: 'invoice already paid or cancelled' } },
    { idempotencyKey: `unowed-${paymentIntentId}` },
  );
  log.warn({ paymentIntentId }, 'card payment not owed (invoice paid another way or cancelled): refunded');
}

/** NOTE: the amount charged must be what the invoice asks; a session for less never pays it. */
async function amountAgainstDue(tx: EntityManager, invoiceId: number, minor: number, currency: string): Promise<'due' | 'more'> {
  const row = await db(tx)
    .selectFrom('invoice as i')
    .leftJoin('currency as c', 'c.code', 'i.currency')
    .select(['i.currency', 'i.status', 'i.total', 'i.credit_applied', 'c.minor_units'])
    .where('i.id', '=', invoiceId)
    // Locked as payInvoiceIn locks it: credit applied meanwhile is either seen here or waits.
    .forUpdate('i')
    .executeTakeFirst();
  if (!row) throw new NotFound('That invoice');
  const due = toMinorUnits(toDecimalString(fromDecimalString(row.total) - fromDecimalString(row.credit_applied)), row.minor_units ?? 2);
  if (currency.toUpperCase() !== row.currency || minor < due)
    throw new Conflict(`The card payment (${minor} ${currency}) does not match invoice #${invoiceId}.`);
  return minor > due && row.status === 'unpaid' ? 'more' : 'due';
}
