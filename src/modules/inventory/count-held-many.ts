import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { HOLDING_STATUSES } from '../shared/statuses.ts';

/**
 * Units held per package, for a whole store page in one round trip: holding services, live
 * unexpired reservations and changes awaiting payment (the same count as countHeld). Packages
 * holding nothing are 0.
 * NOTE: a display figure taken without locks; checkout counts again under the package lock.
 */
export async function countHeldMany(em: EntityManager, packageIds: readonly number[], now: Date): Promise<Map<number, number>> {
  const held = new Map<number, number>(packageIds.map((id) => [id, 0]));
  if (!packageIds.length) return held;
  const ids = [...packageIds];
  const q = db(em);
  const services = q
    .selectFrom('service')
    .select(['package_id', sql<string>`count(*)`.as('n')])
    .where('package_id', 'in', ids)
    .where('status', 'in', HOLDING_STATUSES)
    .groupBy('package_id');
  const reservations = q
    .selectFrom('stock_reservation')
    .select(['package_id', sql<string>`sum(quantity)`.as('n')])
    .where('package_id', 'in', ids)
    .where('status', '=', 'live')
    .where('expires_at', '>', now)
    .groupBy('package_id');
  const changes = q
    .selectFrom('service_change as sc')
    .innerJoin('service as s', 's.id', 'sc.service_id')
    .select(['sc.to_package_id as package_id', sql<string>`count(*)`.as('n')])
    .where('sc.to_package_id', 'in', ids)
    .where('sc.status', '=', 'awaiting_payment')
    .where('s.status', 'in', HOLDING_STATUSES)
    .groupBy('sc.to_package_id');
  const rows = await q
    .selectFrom(services.unionAll(reservations).unionAll(changes).as('units'))
    .select(['units.package_id', sql<number>`sum(units.n)::int`.as('held')])
    .groupBy('units.package_id')
    .execute();
  for (const r of rows) held.set(r.package_id, r.held);
  return held;
}
