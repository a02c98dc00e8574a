import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { queueClientMessages } from '../notices/queue-client-message.ts';
import type { ServiceStatus } from '../shared/statuses.ts';
import type { NoticeEvent } from '../notices/rules/notice-events.ts';

const EVENT_OF: Partial<Record<ServiceStatus, NoticeEvent>> = {
  suspended: 'service_suspended',
  terminated: 'service_terminated',
  // NOTE: callers pass to 'active' only services that were suspended: a new service's start is its welcome email.
  active: 'service_unsuspended',
};

/**
 * Tells clients their services were suspended, brought back or terminated, in the transaction
 * that changed them (whatever the reason: unpaid, disputed, refunded, staff). Other statuses tell nothing.
 * NOTE: a termination happens once, so its key is the service; a service can be suspended and
 * brought back many times, so those keys carry the moment it happened. Callers pass only services
 * they changed, under the row lock, so a sweep run twice tells no one twice.
 */
export async function queueServiceNotices(tx: EntityManager, serviceIds: readonly number[], to: ServiceStatus, now: Date): Promise<void> {
  const event = EVENT_OF[to];
  if (!serviceIds.length || !event) return;
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
      event,
      clientId: r.client_id,
      key: to === 'terminated' ? String(r.id) : `${r.id}:${now.getTime()}`,
      values: { 'service.id': String(r.id), 'package.name': r.package_name },
    })),
  );
}
