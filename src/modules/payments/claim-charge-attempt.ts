import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

export interface ClaimedCharge {
  attemptId: number;
  invoiceId: number;
  clientId: number;
  attempt: number;
  amountDue: string;
  currency: string;
  minorUnits: number;
  card: { id: number; reference: string };
  customer: string;
}

/** How long a run keeps a pending attempt to itself before another run may take it over. */
export const CLAIM_MS = 10 * 60_000;

/**
 * Takes attempt `attempt` of the invoice's automatic charge for this run: a new row, or a
 * pending one whose run stopped (crashed mid-call) long enough ago. Null when the invoice is
 * no longer unpaid, has no default card, or another run holds the attempt.
 * NOTE: the invoice row is locked while deciding, so two runs never both take one attempt; the
 * taker then calls the gateway with the attempt's idempotency key, so a run taking over a
 * stale attempt replays the first call instead of charging again.
 */
export async function claimChargeAttempt(em: EntityManager, invoiceId: number, attempt: number, now: Date): Promise<ClaimedCharge | null> {
  return em.transactional(async (tx) => {
    const q = db(tx);
    const inv = await q
      .selectFrom('invoice as i')
      .leftJoin('currency as c', 'c.code', 'i.currency')
      .select(['i.id', 'i.client_id', 'i.status', 'i.currency', 'c.minor_units', sql<string>`i.total - i.credit_applied`.as('due')])
      .where('i.id', '=', invoiceId)
      .forUpdate('i')
      .executeTakeFirst();
    if (!inv || inv.status !== 'unpaid') return null;
    const card = await q
      .selectFrom('saved_card as s')
      .innerJoin('gateway_customer as g', (j) => j.onRef('g.client_id', '=', 's.client_id').onRef('g.gateway', '=', 's.gateway'))
      .select(['s.id', 's.reference', 'g.reference as customer'])
      .where('s.client_id', '=', inv.client_id)
      .where('s.is_default', '=', true)
      .where('s.gateway', '=', 'stripe')
      .executeTakeFirst();
    if (!card) return null;
    const inserted = await q
      .insertInto('charge_attempt')
      .values({ invoice_id: invoiceId, attempt, card_id: card.id, created_at: now, claimed_at: now })
      .onConflict((oc) => oc.columns(['invoice_id', 'attempt']).doNothing())
      .returning(['id', 'card_id'])
      .executeTakeFirst();
    const row =
      inserted ??
      (await q
        .updateTable('charge_attempt')
        .set({ claimed_at: now })
        .where('invoice_id', '=', invoiceId)
        .where('attempt', '=', attempt)
        .where('status', '=', 'pending')
        .where('claimed_at', '<', new Date(now.getTime() - CLAIM_MS))
        .returning(['id', 'card_id'])
        .executeTakeFirst());
    if (!row) return null;
    // NOTE: a retaken attempt charges the card it was first made with: the idempotency key replays that request.
    const sameCard =
      row.card_id === card.id
        ? card
        : await q
            .selectFrom('saved_card')
            .select(['id', 'reference'])
            .where('id', '=', row.card_id ?? 0)
            .executeTakeFirst();
    if (!sameCard) return null;
    return {
      attemptId: row.id,
      invoiceId,
      clientId: inv.client_id,
      attempt,
      amountDue: inv.due,
      currency: inv.currency,
      minorUnits: inv.minor_units ?? 2,
      card: { id: sameCard.id, reference: sameCard.reference },
      customer: card.customer,
    };
  });
}
