import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/**
 * A cancelled or expired unpaid order, or a voided package change, gives its coupon use back.
 * Idempotent: only a live use is released, and the count is lowered by the same statement.
 */
export async function releaseCouponUse(
  tx: EntityManager,
  of: { orderId: number } | { serviceChangeIds: readonly number[] },
  now: Date,
): Promise<void> {
  if ('serviceChangeIds' in of && !of.serviceChangeIds.length) return;
  const which = 'orderId' in of ? sql`order_id = ${of.orderId}` : sql`service_change_id = any(${[...of.serviceChangeIds]}::int[])`;
  // NOTE: raw SQL: an update feeding another update through a CTE is one statement here.
  await sql`
    with released as (
      update coupon_use set status = 'released', released_at = ${now}
       where ${which} and status = 'live'
       returning coupon_id)
    update coupon c set uses = c.uses - r.n
      from (select coupon_id, count(*)::int as n from released group by coupon_id) r
     where c.id = r.coupon_id`.execute(db(tx));
}
