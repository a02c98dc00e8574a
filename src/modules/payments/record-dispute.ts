import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import type { GatewayKey } from '../invoicing/rules/constants.ts';
import type { DisputeStatus } from './payments.entities.ts';
import { paymentDisputed } from './payment-disputed.ts';

export interface DisputeReport {
  gateway: GatewayKey;
  reference: string;
  /** The gateway's reference of the payment disputed (a PaymentIntent id). */
  paymentReference: string;
  status: DisputeStatus;
  amount: string;
  currency: string;
  reason: string;
}

/** The advisory lock class of one payment's disputes (the payment id is the other half). */
const PAYMENT_DISPUTES = 720_701;

const outcomeOf = (status: DisputeStatus): 'opened' | 'won' | 'lost' | null =>
  status === 'won' ? 'won' : status === 'lost' ? 'lost' : status === 'needs_response' || status === 'under_review' ? 'opened' : null;

/**
 * A gateway reported a dispute, new or changed: keeps it on the payment and announces the
 * change, in the caller's transaction. A dispute of a payment we never recorded is ignored.
 * NOTE: the announcement happens only when the outcome changes, so an update repeated (or
 * arriving after the close) changes no service. The payment's disputes are recorded one at a
 * time: Stripe sends a new dispute's "created" and "updated" at nearly the same moment, and each
 * found no row and inserted one, the second refused by the unique key. An advisory lock, not the
 * payment's row, which refunds lock in an order of their own.
 */
export async function recordDispute(
  tx: EntityManager,
  report: DisputeReport,
  opts: { suspend: boolean; publicUrl: string },
  now: Date,
): Promise<boolean> {
  const q = db(tx);
  const payment = await q
    .selectFrom('payment')
    .select(['id', 'invoice_id'])
    .where('gateway', '=', report.gateway)
    .where('reference', '=', report.paymentReference)
    .executeTakeFirst();
  if (!payment) return false;
  await sql`select pg_advisory_xact_lock(${PAYMENT_DISPUTES}, ${payment.id}::int)`.execute(q);
  const before = await q
    .selectFrom('payment_dispute')
    .select(['id', 'status'])
    .where('gateway', '=', report.gateway)
    .where('reference', '=', report.reference)
    .forUpdate()
    .executeTakeFirst();
  const closed = report.status === 'won' || report.status === 'lost';
  // NOTE: events can arrive out of order: a closed dispute never reopens.
  if (before && (before.status === 'won' || before.status === 'lost')) return false;
  const row = before
    ? await q
        .updateTable('payment_dispute')
        .set({ status: report.status, closed_at: closed ? now : null })
        .where('id', '=', before.id)
        .returning('id')
        .executeTakeFirstOrThrow()
    : await q
        .insertInto('payment_dispute')
        .values({
          payment_id: payment.id,
          gateway: report.gateway,
          reference: report.reference,
          status: report.status,
          amount: report.amount,
          currency: report.currency,
          reason: report.reason.slice(0, 60),
          opened_at: now,
          closed_at: closed ? now : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
  const was = before ? outcomeOf(before.status) : null;
  const outcome = outcomeOf(report.status);
  if (outcome && outcome !== was)
    await paymentDisputed.announce(tx, {
      invoiceId: payment.invoice_id,
      disputeId: row.id,
      outcome,
      suspend: opts.suspend,
      publicUrl: opts.publicUrl,
      now,
    });
  return true;
}
