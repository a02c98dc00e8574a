import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { ChargeStatus, DisputeStatus } from './payments.entities.ts';

export interface CardActivity {
  attempts: { attempt: number; status: ChargeStatus; card: string | null; reference: string | null; message: string | null; at: string }[];
  disputes: {
    reference: string;
    status: DisputeStatus;
    amount: string;
    currency: string;
    reason: string;
    openedAt: string;
    closedAt: string | null;
  }[];
}

/** What happened with cards on an invoice: automatic charge attempts and disputes, for staff. */
export async function loadCardActivity(em: EntityManager, invoiceId: number): Promise<CardActivity> {
  const q = db(em);
  const [attempts, disputes] = await Promise.all([
    q
      .selectFrom('charge_attempt as a')
      .leftJoin('saved_card as c', 'c.id', 'a.card_id')
      .select(['a.attempt', 'a.status', 'a.reference', 'a.message', 'a.created_at', 'c.brand', 'c.last4'])
      .where('a.invoice_id', '=', invoiceId)
      .orderBy('a.attempt')
      .execute(),
    q
      .selectFrom('payment_dispute as d')
      .innerJoin('payment as p', 'p.id', 'd.payment_id')
      .select(['d.reference', 'd.status', 'd.amount', 'd.currency', 'd.reason', 'd.opened_at', 'd.closed_at'])
      .where('p.invoice_id', '=', invoiceId)
      .orderBy('d.id')
      .execute(),
  ]);
  return {
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      status: a.status,
      card: a.brand ? `${a.brand} ending ${a.last4}` : null,
      reference: a.reference,
      message: a.message,
      at: a.created_at.toISOString(),
    })),
    disputes: disputes.map((d) => ({
      reference: d.reference,
      status: d.status,
      amount: d.amount,
      currency: d.currency,
      reason: d.reason,
      openedAt: d.opened_at.toISOString(),
      closedAt: d.closed_at?.toISOString() ?? null,
    })),
  };
}
