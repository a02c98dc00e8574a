import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import { completeRefundAtGateway, type RefundResult } from './complete-refund-at-gateway.ts';

/** How long a gateway refund may stay pending before staff may ask the gateway again. */
export const PENDING_REFUND_GRACE_MS = 10 * 60_000;

/**
 * Staff ask the gateway again about a refund left pending (the process stopped between
 * recording it and hearing back), with the same idempotency key, so it is refunded once.
 * NOTE: only after the grace period: while the first call may still be waiting for its answer, a
 * second one could be refused as a duplicate and mark failed a refund that went through.
 */
export async function retryPendingRefund(
  em: EntityManager,
  invoiceId: number,
  refundId: number,
  actor: string,
  now: Date,
): Promise<RefundResult> {
  const refund = await db(em)
    .selectFrom('payment')
    .select(['status', 'created_at'])
    .where('id', '=', refundId)
    .where('invoice_id', '=', invoiceId)
    .where('kind', '=', 'refund')
    .executeTakeFirst();
  if (!refund) throw new NotFound('That refund');
  if (refund.status !== 'pending') throw new Conflict(`This refund has ${refund.status}; there is nothing to retry.`);
  const after = new Date(refund.created_at.getTime() + PENDING_REFUND_GRACE_MS);
  if (now < after) throw new Conflict(`The gateway may still be answering; ask it again after ${after.toISOString().slice(11, 16)} UTC.`);
  return completeRefundAtGateway(em, refundId, actor, now);
}
