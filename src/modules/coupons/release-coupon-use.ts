import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/**
 * A cancelled or expired unpaid order gives its coupon use back. Idempotent: only a live use is
 * released, and the count is lowered by the same statement that releases it.
 */
export async function releaseCouponUse(tx: EntityManager, orderId: number, now: Date): Promise<void> {
  // NOTE: raw SQL: an update feeding another update through a CTE is one statement here.
  await sql`
    with released as (
      update coupon_use set status = 'released', released_at = ${now}
       where order_id = ${orderId} and status = 'live'
       returning coupon_id)
    update coupon c set uses = c.uses - 1 from released r where c.id = r.coupon_id`.execute(db(tx));
}
