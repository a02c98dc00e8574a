import type { EntityManager } from '@mikro-orm/postgresql';
import { countAll, db } from '../../db/database.ts';

/** A client's live uses of a coupon (orders not cancelled). */
export async function countClientUses(em: EntityManager, couponId: number, clientId: number): Promise<number> {
  if (clientId <= 0) return 0;
  const row = await db(em)
    .selectFrom('coupon_use')
    .select(countAll().as('n'))
    .where('coupon_id', '=', couponId)
    .where('client_id', '=', clientId)
    .where('status', '=', 'live')
    .executeTakeFirstOrThrow();
  return row.n;
}
