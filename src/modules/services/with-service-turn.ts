import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/** The advisory lock class of one service's plugin-first actions (the service id is the other half). */
const SERVICE_TURN = 720_301;

/**
 * Until the transaction ends, no other plugin-first action runs on this service: a staff suspend,
 * unsuspend or terminate, or a client's cancellation now, each of which calls the service's
 * plugin and only then changes its status.
 * NOTE: two such actions interleaved (a terminate and an unsuspend clicked at once) left the remote
 * side as the one called last and the database as the one committed first: an account deleted on
 * the panel and still active, billed and holding stock here. Taking turns, the call included, the
 * second reads what the first made of the service. An advisory lock, not the service's row: the
 * call may take seconds, and billing and payments, which change the status first and queue
 * their call, must not wait for it (what they change meanwhile is read again after the call).
 */
export async function takeServiceTurn(tx: EntityManager, serviceId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${SERVICE_TURN}, ${serviceId}::int)`.execute(db(tx));
}
