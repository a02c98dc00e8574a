import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { lockClientCards } from './lock-client-cards.ts';
import { NotFound } from '../shared/errors.ts';

/** The card automatic charges use. NOTE: the old default is cleared first, in one transaction, under the one-default index. */
export async function setDefaultCard(em: EntityManager, clientId: number, cardId: number): Promise<void> {
  await em.transactional(async (tx) => {
    const q = db(tx);
    await lockClientCards(tx, clientId);
    const card = await q
      .selectFrom('saved_card')
      .select('id')
      .where('id', '=', cardId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    if (!card) throw new NotFound('That card');
    await q.updateTable('saved_card').set({ is_default: false }).where('client_id', '=', clientId).where('is_default', '=', true).execute();
    await q.updateTable('saved_card').set({ is_default: true }).where('id', '=', cardId).execute();
  });
}
