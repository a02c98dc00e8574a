import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

/** Deletes a coupon never used; one with uses is kept for its orders and services, and is deactivated instead. */
export async function deleteCoupon(em: EntityManager, id: number): Promise<void> {
  await em.transactional(async (tx) => {
    const q = db(tx);
    const row = await q.selectFrom('coupon').select('code').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new NotFound('That coupon');
    const used = await q.selectFrom('coupon_use').select('id').where('coupon_id', '=', id).limit(1).executeTakeFirst();
    const renewing = await q.selectFrom('service_coupon').select('service_id').where('coupon_id', '=', id).limit(1).executeTakeFirst();
    if (used || renewing) throw new Conflict(`${row.code} has been used, so it is kept with its orders; deactivate it instead.`);
    await q.deleteFrom('coupon').where('id', '=', id).execute();
  });
}
