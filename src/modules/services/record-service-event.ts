import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/** Appends to a service's status history, inside the caller's transaction. */
export async function recordServiceEvent(
  tx: EntityManager,
  e: { serviceId: number; from: string | null; to: string; note?: string; actor?: string; at: Date },
) {
  await db(tx)
    .insertInto('service_event')
    .values({
      service_id: e.serviceId,
      from_status: e.from,
      to_status: e.to,
      note: (e.note ?? '').slice(0, 500),
      actor: (e.actor ?? 'system').slice(0, 120),
      created_at: e.at,
    })
    .execute();
}
