import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/**
 * A service moved to another package keeps its coupon only if the coupon applies to that package
 * (DOMAIN.md "Coupons"); otherwise its renewals are billed without it from now on.
 */
export async function dropCouponOffPackage(tx: EntityManager, serviceId: number, packageId: number): Promise<void> {
  await db(tx)
    .deleteFrom('service_coupon as sc')
    .where('sc.service_id', '=', serviceId)
    .where(sql<boolean>`exists (select 1 from coupon_package cp where cp.coupon_id = sc.coupon_id)`)
    .where(sql<boolean>`not exists (select 1 from coupon_package cp where cp.coupon_id = sc.coupon_id and cp.package_id = ${packageId})`)
    .execute();
}
