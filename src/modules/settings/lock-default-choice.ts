import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/** The advisory lock classes of the tables with one default row (the other half is 0: the whole table). */
const CHOICES = { currency: 720_601, language: 720_602 } as const;

/**
 * Serialises the changes to a table one of whose rows is the default, until the transaction ends:
 * which row is the default (and where a new one goes) is a fact about all the rows, so two made
 * the default at once would each clear only what the other had not yet committed, and both stay
 * the default; one removed while it is made the default would leave none. NOTE: the table's advisory lock first, then every row in code order: an empty
 * table has no row to lock, and the first two saved into it at once each counted none and both
 * became the default. A removal that locks only its own row still waits for a save's row locks.
 */
export async function lockDefaultChoice(tx: EntityManager, table: keyof typeof CHOICES): Promise<void> {
  const q = db(tx);
  await sql`select pg_advisory_xact_lock(${CHOICES[table]}, 0)`.execute(q);
  await q.selectFrom(table).select('code').orderBy('code').forUpdate().execute();
}
