import type { EntityManager } from '@mikro-orm/postgresql';
import { provisionServiceLater } from '../../queue/jobs.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import { recordServiceEvent } from '../services/record-service-event.ts';
import { db } from '../../db/database.ts';

/** Staff ask for another provisioning attempt of a pending service (after fixing the cause). */
export async function retryProvisioning(em: EntityManager, serviceId: number, actor: string, now: Date) {
  await em.transactional(async (tx) => {
    const row = await db(tx).selectFrom('service').select('status').where('id', '=', serviceId).forUpdate().executeTakeFirst();
    if (!row) throw new NotFound('That service');
    if (row.status !== 'pending') throw new Conflict('Only a pending service can be provisioned again.');
    await provisionServiceLater(tx, { serviceId, retry: now.getTime() });
    await recordServiceEvent(tx, { serviceId, from: 'pending', to: 'pending', note: 'Provisioning retried.', actor, at: now });
  });
}
