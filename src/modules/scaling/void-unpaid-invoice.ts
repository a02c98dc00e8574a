import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { billAgain } from '../billing/bill-again.ts';
import { cancelOrderIn } from '../checkout/cancel-order.ts';
import { voidInvoiceIn } from '../invoicing/void-invoice.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import { voidAwaitingChanges } from './void-awaiting-changes.ts';

// NOTE: here, the lowest module that sees all three kinds of invoice whose voiding undoes
// something: an order's (its units return), a renewal's (its periods are billed again) and a
// package change's (the change is cancelled).

export type VoidResult = 'voided' | 'not-unpaid';

/**
 * Staff void an unpaid invoice, undoing what waits on it the way the system's own voids do:
 * an order's invoice cancels the order (its stock reservation released), a renewal's puts its
 * periods back to be billed again, a package change's cancels the change; applied credit goes
 * back to the client in each case; one staff wrote by hand is simply voided. Any other invoice
 * (a cancellation fee, lines of several kinds) is refused rather than voided half-way.
 * NOTE: the invoice row is locked first, the order a payment takes, so a payment racing the
 * void serialises with it and exactly one wins.
 */
export function voidUnpaidInvoice(em: EntityManager, invoiceId: number, reason: string, now: Date): Promise<VoidResult> {
  return em.transactional((tx) => voidUnpaidInvoiceIn(tx, invoiceId, reason, now));
}

/** The same inside the caller's transaction. */
export async function voidUnpaidInvoiceIn(tx: EntityManager, invoiceId: number, reason: string, now: Date): Promise<VoidResult> {
  const q = db(tx);
  const invoice = await q.selectFrom('invoice').select(['status', 'order_id']).where('id', '=', invoiceId).forUpdate().executeTakeFirst();
  if (!invoice) throw new NotFound('That invoice');
  if (invoice.status !== 'unpaid') return 'not-unpaid';
  if (invoice.order_id !== null) {
    await voidInvoiceIn(tx, invoiceId, reason, now);
    await cancelOrderIn(tx, invoice.order_id, reason, now);
    return 'voided';
  }
  const changes = await q
    .selectFrom('service_change')
    .select('id')
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'awaiting_payment')
    .execute();
  if (changes.length) {
    await voidInvoiceIn(tx, invoiceId, reason, now);
    await voidAwaitingChanges(tx, { changeIds: changes.map((c) => c.id) }, reason, now);
    return 'voided';
  }
  const kinds = await q.selectFrom('invoice_line').select('kind').distinct().where('invoice_id', '=', invoiceId).execute();
  if (kinds.length && kinds.every((k) => k.kind === 'renewal')) {
    await billAgain(tx, invoiceId, reason, now);
    return 'voided';
  }
  // Written by hand (create-manual-invoice.ts): nothing waits on it, so voiding it is all there is.
  if (kinds.length && kinds.every((k) => k.kind === 'manual')) {
    await voidInvoiceIn(tx, invoiceId, reason, now);
    return 'voided';
  }
  throw new Conflict('Only an order’s, a renewal’s, a package change’s or a hand-written invoice can be voided here.');
}
