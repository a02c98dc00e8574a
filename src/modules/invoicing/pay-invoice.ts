import type { EntityManager } from '@mikro-orm/postgresql';
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
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const [invoice] = await conn.execute<{ id: number; status: string; order_id: number | null; due: string; currency: string }[]>(
    // The payment is what is left after credit applied when the invoice was made.
    'select id, status, order_id, total - credit_applied as due, currency from invoice where id = ? for update',
    [input.invoiceId],
    'all',
    ctx,
  );
  if (!invoice) throw new NotFound('That invoice');
  // NOTE: no client lock here: a renewal run holds its clients for its whole batch, and payments
  // waiting on it would stall. The one follow-up that needs the client (a package change) takes
  // it itself, before any service, in the order runs and confirmations use.
  if (invoice.status === 'paid') return 'already-paid';
  if (invoice.status === 'void') throw new Conflict('This invoice was cancelled and can no longer be paid.');
  if (invoice.order_id !== null) await lockOrderForPayment(tx, invoice.order_id, now);
  const inserted = await conn.execute<{ id: number }[]>(
    `insert into payment (invoice_id, gateway, reference, amount, currency) values (?, ?, ?, ?, ?)
     on conflict (gateway, reference) do nothing returning id`,
    [invoice.id, input.gateway, input.reference, invoice.due, invoice.currency],
    'all',
    ctx,
  );
  if (!inserted.length) {
    const [other] = await conn.execute<{ invoice_id: number }[]>('select invoice_id from payment where gateway = ? and reference = ?', [input.gateway, input.reference], 'all', ctx);
    // NOTE: one bank reference cannot pay two invoices; saying "already paid" would hide that.
    if (other && other.invoice_id !== invoice.id) throw new Conflict(`The reference ${input.reference} is already recorded on invoice #${other.invoice_id}.`);
    return 'already-paid';
  }
  await conn.execute(`update invoice set status = 'paid', paid_at = ? where id = ?`, [now, invoice.id], 'run', ctx);
  await invoicePaid.announce(tx, { invoiceId: invoice.id, orderId: invoice.order_id, now });
  return 'paid';
}

export async function payInvoice(em: EntityManager, input: PaymentInput, now: Date): Promise<PayResult> {
  return em.transactional((tx) => payInvoiceIn(tx, input, now));
}
