import type { EntityManager } from '@mikro-orm/postgresql';

/** Appends to a service's status history, inside the caller's transaction. */
export async function recordServiceEvent(tx: EntityManager, e: { serviceId: number; from: string | null; to: string; note?: string; actor?: string; at: Date }) {
  await tx.getConnection().execute(
    'insert into service_event (service_id, from_status, to_status, note, actor, created_at) values (?, ?, ?, ?, ?, ?)',
    [e.serviceId, e.from, e.to, (e.note ?? '').slice(0, 500), (e.actor ?? 'system').slice(0, 120), e.at],
    'run',
    tx.getTransactionContext(),
  );
}
