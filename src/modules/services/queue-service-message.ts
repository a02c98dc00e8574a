import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { queueClientMessage } from '../notices/queue-client-message.ts';
import type { TagValue } from '../notices/render-client-message.ts';
import type { NoticeEvent } from '../notices/rules/notice-events.ts';

/**
 * Tells a service's client about it (`event`, once per `key`), in the caller's transaction, with
 * the service's number and package name filled in beside `values`.
 */
export async function queueServiceMessage(
  tx: EntityManager,
  serviceId: number,
  event: NoticeEvent,
  key: string,
  values: Readonly<Record<string, TagValue>>,
): Promise<void> {
  const row = await db(tx)
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .select(['s.client_id', 'p.name'])
    .where('s.id', '=', serviceId)
    .executeTakeFirstOrThrow();
  await queueClientMessage(tx, {
    event,
    clientId: row.client_id,
    key,
    values: { 'service.id': String(serviceId), 'package.name': row.name, ...values },
  });
}
