import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { cancelOrder, type CancelResult } from '../checkout/cancel-order.ts';
import { voidUnpaidInvoice } from './void-unpaid-invoice.ts';

/**
 * Staff cancel an unpaid order from its page: its invoice is voided (credit applied to it goes
 * back), its units and its coupon use return, as voiding its invoice does. A paid order is left
 * alone ('paid'); cancelling twice changes nothing the second time.
 * NOTE: through the invoice's void when it has one, which locks the invoice before the order, the
 * order a payment takes: a payment racing the cancellation serialises with it and one wins.
 */
export async function cancelPendingOrder(em: EntityManager, orderId: number, reason: string, now: Date): Promise<CancelResult> {
  const invoice = await db(em).selectFrom('invoice').select('id').where('order_id', '=', orderId).executeTakeFirst();
  if (invoice && (await voidUnpaidInvoice(em, invoice.id, reason, now)) === 'voided') return 'cancelled';
  // No invoice, or one no longer unpaid: the order's own state says what happened.
  return cancelOrder(em, orderId, reason, now);
}
