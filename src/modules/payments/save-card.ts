import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { lockClientCards } from './lock-client-cards.ts';

export interface CardDetails {
  gateway: string;
  /** The gateway's id for the card (a Stripe payment method). */
  reference: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/**
 * Keeps a card the client saved at the gateway, in the caller's transaction; the first card
 * becomes the default for automatic charges. Saving the same card again changes nothing.
 * NOTE: the client's cards are locked so two cards saved at once cannot both become the default.
 */
export async function saveCard(tx: EntityManager, clientId: number, card: CardDetails): Promise<void> {
  const q = db(tx);
  await lockClientCards(tx, clientId);
  const hasDefault = await q
    .selectFrom('saved_card')
    .select('id')
    .where('client_id', '=', clientId)
    .where('is_default', '=', true)
    .executeTakeFirst();
  await q
    .insertInto('saved_card')
    .values({
      client_id: clientId,
      gateway: card.gateway,
      reference: card.reference,
      brand: card.brand.slice(0, 20),
      last4: card.last4.slice(-4),
      exp_month: card.expMonth,
      exp_year: card.expYear,
      is_default: !hasDefault,
    })
    .onConflict((oc) =>
      oc.columns(['gateway', 'reference']).doUpdateSet({ exp_month: sql`excluded.exp_month`, exp_year: sql`excluded.exp_year` }),
    )
    .execute();
}
