import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { renewalCyclesAfterFirst } from './rules/coupon-terms.ts';

/**
 * A package change made with a coupon: once it applies, the service renews with that coupon (in
 * place of any it had), the change's invoice having been its first cycle, its discount frozen as
 * sold in the service's currency. Safe to run twice.
 */
export async function carryChangeCoupon(tx: EntityManager, changeId: number, serviceId: number, now: Date): Promise<void> {
  const q = db(tx);
  const row = await q
    .selectFrom('coupon_use as u')
    .innerJoin('coupon as c', 'c.id', 'u.coupon_id')
    .innerJoin('service_change as sc', 'sc.id', 'u.service_change_id')
    .leftJoin('coupon_amount as a', (j) => j.onRef('a.coupon_id', '=', 'c.id').onRef('a.currency', '=', 'sc.currency'))
    .select(['c.id', 'c.code', 'c.kind', 'c.percent', 'a.amount', 'c.duration', 'c.cycles'])
    .where('u.service_change_id', '=', changeId)
    .where('u.status', '=', 'live')
    .executeTakeFirst();
  if (!row) return;
  const cyclesLeft = renewalCyclesAfterFirst(row.duration, row.cycles);
  if (cyclesLeft === 0) {
    await q.deleteFrom('service_coupon').where('service_id', '=', serviceId).execute();
    return;
  }
  const values = {
    coupon_id: row.id,
    code: row.code,
    kind: row.kind,
    percent: row.percent,
    amount: row.amount,
    cycles_left: cyclesLeft,
    created_at: now,
  };
  await q
    .insertInto('service_coupon')
    .values({ service_id: serviceId, ...values })
    .onConflict((oc) => oc.column('service_id').doUpdateSet(values))
    .execute();
}
