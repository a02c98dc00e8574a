import type { EntityManager } from '@mikro-orm/postgresql';
import { HOLDING_STATUSES } from '../shared/statuses.ts';

const holding = HOLDING_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Units held per package, for a whole store page in one round trip: holding services, live
 * unexpired reservations and changes awaiting payment (the same count as countHeld). Packages
 * holding nothing are 0.
 * NOTE: a display figure taken without locks; checkout counts again under the package lock.
 */
export async function countHeldMany(em: EntityManager, packageIds: readonly number[], now: Date): Promise<Map<number, number>> {
  const held = new Map<number, number>(packageIds.map((id) => [id, 0]));
  if (!packageIds.length) return held;
  const marks = packageIds.map(() => '?').join(', ');
  const rows = await em.getConnection().execute<{ package_id: number; held: number }[]>(
    `select package_id, sum(n)::int as held from (
       select package_id, count(*) as n from service where package_id in (${marks}) and status in (${holding}) group by package_id
       union all
       select package_id, sum(quantity) as n from stock_reservation where package_id in (${marks}) and status = 'live' and expires_at > ? group by package_id
       union all
       select sc.to_package_id as package_id, count(*) as n from service_change sc join service s on s.id = sc.service_id
        where sc.to_package_id in (${marks}) and sc.status = 'awaiting_payment' and s.status in (${holding}) group by sc.to_package_id
     ) units group by package_id`,
    [...packageIds, ...packageIds, now, ...packageIds],
  );
  for (const r of rows) held.set(r.package_id, r.held);
  return held;
}
