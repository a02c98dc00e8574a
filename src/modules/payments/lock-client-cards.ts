import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/** The advisory lock class of a client's saved cards (the client id is the other half). */
const CARDS = 720_101;

/**
 * Serialises changes to one client's saved cards until the transaction ends. NOTE: an advisory
 * lock, not the client row: payments and renewal runs take that row's key-share lock, and a
 * card saved next to a payment must not deadlock with them.
 */
export async function lockClientCards(tx: EntityManager, clientId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CARDS}, ${clientId})`.execute(db(tx));
}
