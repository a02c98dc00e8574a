import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/** The advisory lock classes of the lists whose new items go last (the scope, e.g. a catalog id, is the other half). */
const LIST_ENDS = { catalog: 720_201, addon_group: 720_202, package: 720_203 } as const;

/**
 * Serialises adding to one list (its catalogs, its add-on groups, one catalog's packages) until
 * the transaction ends, so the position read next (the last one, or the rows to shift) is the
 * latest: two items added at once get two positions, not one. NOTE: an advisory lock, not the
 * list's rows: an empty list has none to lock, and the movers, which lock every row, need not
 * wait for it (a move renumbers only the rows it locked, from 1; a new item goes after all of them).
 */
export async function lockListEnd(tx: EntityManager, list: keyof typeof LIST_ENDS, scope = 0): Promise<void> {
  await sql`select pg_advisory_xact_lock(${LIST_ENDS[list]}, ${scope}::int)`.execute(db(tx));
}
