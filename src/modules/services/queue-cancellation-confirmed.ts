import { dayTag } from '../notices/tag-values.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { queueClientMessage } from '../notices/queue-client-message.ts';

/**
 * Confirms a client's cancellation, in its transaction. Keyed by service and by when it ends
 * ('now' or 'end_of_term'): asking twice confirms once, and cancelling now after asking for the
 * end of the term confirms the earlier end.
 */
export async function queueCancellationConfirmed(
  tx: EntityManager,
  serviceId: number,
  when: 'now' | 'end_of_term',
  endDate: string,
): Promise<void> {
  const row = await db(tx)
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .select(['s.client_id', 'p.name'])
    .where('s.id', '=', serviceId)
    .executeTakeFirstOrThrow();
  await queueClientMessage(tx, {
    event: 'cancellation_confirmed',
    clientId: row.client_id,
    key: `${serviceId}:${when}`,
    values: { 'service.id': String(serviceId), 'package.name': row.name, 'service.end_date': dayTag(endDate) },
  });
}
