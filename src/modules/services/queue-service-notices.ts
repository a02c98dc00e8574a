import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { queueClientMessages } from '../notices/queue-client-message.ts';
import type { ServiceStatus } from '../shared/statuses.ts';

/**
 * Tells clients their services were suspended or terminated, in the transaction that changed
 * them (whatever the reason: unpaid, disputed, refunded, staff). Other statuses tell nothing.
 * NOTE: a termination happens once, so its key is the service; a service can be suspended again
 * after being brought back, so a suspension's key carries the moment it happened. Callers pass
 * only services they changed, under the row lock, so a sweep run twice tells no one twice.
 */
export async function queueServiceNotices(tx: EntityManager, serviceIds: readonly number[], to: ServiceStatus, now: Date): Promise<void> {
  if (!serviceIds.length || (to !== 'suspended' && to !== 'terminated')) return;
  const rows = await db(tx)
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .select(['s.id', 's.client_id', 'p.name as package_name'])
    .where('s.id', 'in', [...serviceIds])
    .orderBy('s.id')
    .execute();
  await queueClientMessages(
    tx,
    rows.map((r) => ({
      event: to === 'suspended' ? 'service_suspended' : 'service_terminated',
      clientId: r.client_id,
      key: to === 'suspended' ? `${r.id}:${now.getTime()}` : String(r.id),
      values: { 'service.id': String(r.id), 'package.name': r.package_name },
    })),
  );
}
