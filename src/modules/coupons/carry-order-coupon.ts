import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { renewalCyclesAfterFirst } from './rules/coupon-terms.ts';

/**
 * A paid order's services that its coupon applies to keep the coupon for their renewals: the
 * order's invoice was its first cycle, so a coupon for N cycles has N - 1 left, one for the first
 * invoice only none (no row), one forever all. The discount is frozen as sold, in the order's
 * currency. Run when the order's services are made; safe to run twice (one row per service).
 */
export async function carryOrderCoupon(tx: EntityManager, orderId: number, now: Date): Promise<void> {
  const q = db(tx);
  const rows = await q
    .selectFrom('coupon_use as u')
    .innerJoin('coupon as c', 'c.id', 'u.coupon_id')
    .innerJoin('client_order as o', 'o.id', 'u.order_id')
    .innerJoin('order_line as l', 'l.order_id', 'u.order_id')
    .innerJoin('service as s', 's.order_line_id', 'l.id')
    .leftJoin('coupon_amount as a', (j) => j.onRef('a.coupon_id', '=', 'c.id').onRef('a.currency', '=', 'o.currency'))
    .select(['s.id as service_id', 'c.id as coupon_id', 'c.code', 'c.kind', 'c.percent', 'a.amount', 'c.duration', 'c.cycles'])
    .where('u.order_id', '=', orderId)
    .where('u.status', '=', 'live')
    .where(
      sql<boolean>`(not exists (select 1 from coupon_package cp where cp.coupon_id = c.id) or exists (select 1 from coupon_package cp where cp.coupon_id = c.id and cp.package_id = s.package_id))`,
    )
    .where((eb) => eb.or([eb('c.kind', '=', 'percent'), eb('a.amount', 'is not', null)]))
    .execute();
  const values = rows
    .map((r) => ({
      service_id: r.service_id,
      coupon_id: r.coupon_id,
      code: r.code,
      kind: r.kind,
      percent: r.percent,
      amount: r.amount,
      cycles_left: renewalCyclesAfterFirst(r.duration, r.cycles),
      created_at: now,
    }))
    .filter((v) => v.cycles_left !== 0);
  if (values.length)
    await q
      .insertInto('service_coupon')
      .values(values)
      .onConflict((oc) => oc.column('service_id').doNothing())
      .execute();
}
