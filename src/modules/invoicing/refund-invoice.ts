import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { db } from '../../db/database.ts';
import { Conflict, DomainError } from '../shared/errors.ts';
import { bool, money, optionalText } from '../shared/fields.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { parseInput } from '../shared/validation.ts';
import { completeRefundAtGateway, type RefundResult } from './complete-refund-at-gateway.ts';
import { finishRefundIn } from './finish-refund.ts';
import { readRefundable } from './read-refundable.ts';
import { REFUND_DESTINATIONS, refundProblem } from './rules/refundable.ts';

export const refundInput = z.object({
  amount: money,
  destination: z.enum(REFUND_DESTINATIONS, { error: 'Choose where the money goes: gateway, manual or credit.' }),
  endServices: bool.default(false),
  reason: optionalText(200),
});

export interface RefundBy {
  /** The staff member refunding, recorded on the refund. */
  staffId: number | null;
  /** How they appear in the services' history ("staff:ana@example.com"). */
  actor: string;
  now: Date;
}

/**
 * Staff refund a paid invoice, in full or in part: to account credit, recorded as paid back by
 * bank transfer, or through the gateway that took the payment.
 * NOTE: the invoice row is locked and what is left to refund computed under that lock, so racing
 * clicks queue and the second sees the first's refund: refunds never add up to more than was paid.
 * NOTE: a gateway refund is recorded `pending` first, reserving its amount, and committed before
 * the gateway is called (no transaction is held across the network); completeRefundAtGateway
 * then marks it succeeded or failed (its amount released).
 */
export async function refundInvoice(em: EntityManager, invoiceId: number, raw: unknown, by: RefundBy): Promise<RefundResult> {
  const input = parseInput(refundInput, raw);
  const reserved = await em.transactional(async (tx) => {
    const facts = await readRefundable(tx, invoiceId, { lock: true });
    if (facts.status !== 'paid') throw new Conflict('Only a paid invoice can be refunded.', 'amount');
    const problem = refundProblem(
      facts,
      { destination: input.destination, amount: fromDecimalString(input.amount) },
      { code: facts.currency, minorUnits: facts.minorUnits },
    );
    if (problem) throw new DomainError(problem.message, problem.field);
    const gateway = facts.options.find((o) => o.destination === input.destination)!.gateway;
    const atGateway = input.destination === 'gateway';
    const key = `refund-${randomUUID()}`;
    const amount = toDecimalString(-fromDecimalString(input.amount));
    const row = await db(tx)
      .insertInto('payment')
      .values({
        invoice_id: invoiceId,
        kind: 'refund',
        status: atGateway ? 'pending' : 'succeeded',
        gateway,
        reference: key,
        idempotency_key: key,
        amount,
        currency: facts.currency,
        staff_id: by.staffId,
        reason: input.reason,
        end_services: input.endServices,
        created_at: by.now,
        settled_at: atGateway ? null : by.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (atGateway) return { refundId: row.id, creditNoteNumber: null };
    const refund = {
      id: row.id,
      invoiceId,
      orderId: facts.orderId,
      clientId: facts.clientId,
      gateway,
      amount,
      currency: facts.currency,
      reason: input.reason,
      endServices: input.endServices,
    };
    return { refundId: row.id, creditNoteNumber: await finishRefundIn(tx, refund, by.actor, by.now) };
  });
  if (reserved.creditNoteNumber !== null) return { ...reserved, status: 'succeeded' };
  return completeRefundAtGateway(em, reserved.refundId, by.actor, by.now);
}
