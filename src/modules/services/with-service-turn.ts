import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { Conflict } from '../shared/errors.ts';

/**
 * How long a turn is held at most: longer than any plugin call may take (the webhook plugin gives
 * up after 10 s), so a turn always outlives its call; only a process that died mid-call leaves one
 * to lapse.
 */
const TURN_SECONDS = 120;

/**
 * Runs `action` as the service's only plugin-first action in progress: a staff suspend,
 * unsuspend or terminate, or a client's cancellation now, each of which calls the service's plugin
 * and only then changes its status. Another one meanwhile is refused at once (Conflict), not
 * queued.
 * NOTE: two such actions interleaved (a terminate and an unsuspend clicked at once) left the
 * remote side as the one called last and the database as the one committed first: an account
 * deleted on the panel and still active, billed and holding stock here. Taking turns, the second
 * is told to try again and then reads what the first made of the service.
 * NOTE: a row taken and given back in statements of their own (service_turn), not a lock held by
 * a transaction: the call may take seconds, and no pooled connection is held while it is out.
 * Billing and payments do not take turns (they change the status first and queue their call), so
 * the action reads the status again after its call.
 */
export async function withServiceTurn<T>(em: EntityManager, serviceId: number, action: () => Promise<T>): Promise<T> {
  const q = db(em);
  const { rows } = await sql<{ until: string }>`
    insert into service_turn (service_id, until) values (${serviceId}, clock_timestamp() + ${TURN_SECONDS} * interval '1 second')
    on conflict (service_id) do update set until = excluded.until where service_turn.until < clock_timestamp()
    returning until::text as until`.execute(q);
  const taken = rows[0]?.until;
  if (taken === undefined) throw new Conflict('Another change to this service is in progress; try again in a moment.');
  try {
    return await action();
  } finally {
    // Given back only if still ours (a lapsed turn another action has taken since is left to it).
    await sql`delete from service_turn where service_id = ${serviceId} and until = ${taken}::timestamptz`.execute(q);
  }
}
