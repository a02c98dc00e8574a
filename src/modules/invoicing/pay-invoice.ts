import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import type { GatewayKey } from './rules/constants.ts';
import { lockOrderForPayment } from '../orders/lock-order-for-payment.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import { invoicePaid } from './invoice-paid.ts';

export interface PaymentInput {
  invoiceId: number;
  gateway: GatewayKey;
  /** The gateway's id for this payment; the same reference twice is one payment. */
  reference: string;
}

export type PayResult = 'paid' | 'already-paid';

/**
 * Records a payment and announces it ("invoice paid"), inside the caller's transaction: the
 * modules that own what it buys do it there (periods paid and services extended, overdue
 * suspensions lifted, package changes applied, the order paid, its reservation converted, its
 * services created with their provisioning in the outbox), in the order src/modules/wiring.ts
 * declares.
 * NOTE: the invoice row is locked first; a second payment (or one racing a cancellation) waits,
 * then finds the invoice paid (no change) or void (refused), never half of each.
 */
export async function payInvoiceIn(tx: EntityManager, input: PaymentInput, now: Date): Promise<PayResult> {
  const q = db(tx);
  const invoice = await q
    .selectFrom('invoice')
    // The payment is what is left after credit applied when the invoice was made.
    .select(['id', 'status', 'order_id', 'currency', sql<string>`total - credit_applied`.as('due')])
    .where('id', '=', input.invoiceId)
    .forUpdate()
    .executeTakeFirst();
  if (!invoice) throw new NotFound('That invoice');
  // NOTE: no client lock here: a renewal run holds its clients for its whole batch, and payments
  // waiting on it would stall. The one follow-up that needs the client (a package change) takes
  // it itself, before any service, in the order runs and confirmations use.
  if (invoice.status === 'paid') return 'already-paid';
  if (invoice.status === 'void') throw new Conflict('This invoice was cancelled and can no longer be paid.');
  if (invoice.order_id !== null) await lockOrderForPayment(tx, invoice.order_id, now);
  const inserted = await q
    .insertInto('payment')
    // Dated by `now`, as the invoice's paid_at: a payment recorded for an earlier day (the demo's,
    // a bank transfer entered later) is that day's in every list and report.
    .values({
      invoice_id: invoice.id,
      gateway: input.gateway,
      reference: input.reference,
      amount: invoice.due,
      currency: invoice.currency,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['gateway', 'reference']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const other = await q
      .selectFrom('payment')
      .select('invoice_id')
      .where('gateway', '=', input.gateway)
      .where('reference', '=', input.reference)
      .executeTakeFirst();
    // NOTE: one bank reference cannot pay two invoices; saying "already paid" would hide that.
    if (other && other.invoice_id !== invoice.id)
      throw new Conflict(`The reference ${input.reference} is already recorded on invoice #${other.invoice_id}.`);
    return 'already-paid';
  }
  await q.updateTable('invoice').set({ status: 'paid', paid_at: now }).where('id', '=', invoice.id).execute();
  await invoicePaid.announce(tx, { invoiceId: invoice.id, orderId: invoice.order_id, now });
  return 'paid';
}

export async function payInvoice(em: EntityManager, input: PaymentInput, now: Date): Promise<PayResult> {
  return em.transactional((tx) => payInvoiceIn(tx, input, now));
}
