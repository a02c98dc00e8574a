import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { db } from '../../db/database.ts';
import type { CouponDuration, CouponRules } from './rules/coupon-terms.ts';

export interface LoadedCoupon extends CouponRules {
  id: number;
  duration: CouponDuration;
  cycles: number | null;
}

/**
 * Coupons by id, by (already normalized) code, or all of them (staff's list), with their amounts
 * and packages, in one statement: checkout reads a coupon once, before its locks.
 */
export async function loadCoupons(em: EntityManager, by: { ids: readonly number[] } | { code: string } | 'all'): Promise<LoadedCoupon[]> {
  if (by !== 'all' && 'ids' in by && !by.ids.length) return [];
  const rows = await db(em)
    .selectFrom('coupon as c')
    .selectAll('c')
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('coupon_amount as a')
          .select(['a.currency', sql<string>`a.amount::text`.as('amount')])
          .whereRef('a.coupon_id', '=', 'c.id')
          .orderBy('a.currency'),
      ).as('amount_rows'),
      jsonArrayFrom(
        eb.selectFrom('coupon_package as cp').select('cp.package_id').whereRef('cp.coupon_id', '=', 'c.id').orderBy('cp.package_id'),
      ).as('package_rows'),
    ])
    .$if(by !== 'all' && 'code' in by, (qb) => qb.where('c.code', '=', (by as { code: string }).code))
    .$if(by !== 'all' && 'ids' in by, (qb) => qb.where('c.id', 'in', (by as { ids: readonly number[] }).ids))
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    kind: r.kind,
    percent: r.percent,
    // NOTE: cast to text in SQL: inside json a numeric would come back as a JavaScript number.
    amounts: Object.fromEntries(r.amount_rows.map((a) => [a.currency, a.amount])),
    packageIds: r.package_rows.map((p) => p.package_id),
    duration: r.duration,
    cycles: r.cycles,
    active: r.active,
    forOrders: r.for_orders,
    forChanges: r.for_changes,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    maxUses: r.max_uses,
    maxUsesPerClient: r.max_uses_per_client,
    uses: r.uses,
  }));
}
