import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { NotFound } from '../shared/errors.ts';

/** Switches a coupon off (or on again): it can no longer be entered; services renewing with it keep their discount. */
export async function setCouponActive(em: EntityManager, id: number, active: boolean): Promise<void> {
  const r = await db(em).updateTable('coupon').set({ active, updated_at: new Date() }).where('id', '=', id).executeTakeFirst();
  if (!r.numUpdatedRows) throw new NotFound('That coupon');
}
