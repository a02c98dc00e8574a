import type { EntityManager } from '@mikro-orm/postgresql';
import type { GatewayKey } from './rules/constants.ts';
import { createServicesForOrder } from '../services/create-services-for-order.ts';
import { liftOverdueSuspensions } from '../services/lift-overdue-suspensions.ts';
import { applyPaidChanges } from '../scaling/apply-paid-changes.ts';
import { markOutboxProcessed } from '../outbox/relay-outbox.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

export interface PaymentInput {
  invoiceId: number;
  gateway: GatewayKey;
  /** The gateway's id for this payment; the same reference twice is one payment. */
  reference: string;
}

export type PayResult = 'paid' | 'already-paid';

const expireKey = (orderId: number) => `expire-order:${orderId}`;

/**
 * Records a payment and does what it buys, inside the caller's transaction: the invoice and
 * its order become paid, the reservation converts, the services are created and their
 * provisioning recorded in the outbox.
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
  if (invoice.order_id !== null) {
    const [order] = await conn.execute<{ status: string; expires_at: Date }[]>('select status, expires_at from client_order where id = ? for update', [invoice.order_id], 'all', ctx);
    // NOTE: an expired order's units may already be sold to someone else; it is not revived.
    if (!order || order.status === 'cancelled' || new Date(order.expires_at) <= now) {
      throw new Conflict('This order has expired and its units were released; please order again.');
    }
  }
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
  await extendPaidPeriods(tx, invoice.id, now);
  await liftOverdueSuspensions(tx, invoice.id, now);
  await applyPaidChanges(tx, invoice.id, now);
  if (invoice.order_id !== null) {
    await conn.execute(`update client_order set status = 'paid', paid_at = ? where id = ?`, [now, invoice.order_id], 'run', ctx);
    await conn.execute(`update stock_reservation set status = 'converted' where order_id = ? and status = 'live'`, [invoice.order_id], 'run', ctx);
    await markOutboxProcessed(tx, expireKey(invoice.order_id), now);
    await createServicesForOrder(tx, invoice.order_id, now);
  }
  return 'paid';
}

/**
 * A paid renewal moves each service on by exactly the periods its invoice billed.
 * NOTE: marking a period paid is conditional (not yet paid), and the due date then advances along
 * the chain of paid periods starting at it, so however often a payment is reported a service is
 * extended once per period, and paying a later period before an earlier one extends nothing
 * until the earlier one is paid too.
 */
async function extendPaidPeriods(tx: EntityManager, invoiceId: number, now: Date) {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const periods = await conn.execute<{ service_id: number }[]>(
    `update service_period sp set paid_at = ? from invoice_line l
      where l.invoice_id = ? and l.service_id = sp.service_id and l.period_start = sp.period_start and sp.paid_at is null
      returning sp.service_id`,
    [now, invoiceId],
    'all',
    ctx,
  );
  const serviceIds = [...new Set(periods.map((p) => p.service_id))].sort((a, b) => a - b);
  // NOTE: two invoices of one service paid at once would each see only its own period paid and
  // the later extension would be lost; the row lock makes one wait and then walk the chain anew.
  if (serviceIds.length) await conn.execute('select id from service where id = any(?::int[]) order by id for update', [`{${serviceIds.join(',')}}`], 'all', ctx);
  for (const serviceId of serviceIds) {
    await conn.execute(
      `with recursive chain as (
         select sp.period_end from service s join service_period sp on sp.service_id = s.id and sp.period_start = s.next_due_date and sp.paid_at is not null where s.id = ?
         union all
         select sp.period_end from chain c join service_period sp on sp.service_id = ? and sp.period_start = c.period_end and sp.paid_at is not null
       )
       update service set next_due_date = (select max(period_end) from chain), updated_at = ? where id = ? and exists (select 1 from chain)`,
      [serviceId, serviceId, now, serviceId],
      'run',
      ctx,
    );
  }
}

export async function payInvoice(em: EntityManager, input: PaymentInput, now: Date): Promise<PayResult> {
  return em.transactional((tx) => payInvoiceIn(tx, input, now));
}
