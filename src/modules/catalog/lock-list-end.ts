import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/** The advisory lock classes of the lists whose new items go last (the scope, e.g. a catalog id, is the other half). */
const LIST_ENDS = { catalog: 720_201, addon_group: 720_202, package: 720_203 } as const;
type List = keyof typeof LIST_ENDS;

/**
 * Serialises adding to one list (its catalogs, its add-on groups, one catalog's packages) until
 * the transaction ends, so the positions read next (the last one, or the rows to shift) are the
 * latest: two items added at once get two places, not one. NOTE: an advisory lock, not the list's
 * rows: an empty list has none to lock, and the movers, which lock every row, need not wait for
 * it. A move renumbers only the rows it locked, from 1, and positions are distinct (kept so here,
 * and made so by Migration20261207090000), so a new item, after the last of them, stays its own.
 */
export async function lockListEnd(tx: EntityManager, list: List, scope = 0): Promise<void> {
  await sql`select pg_advisory_xact_lock(${LIST_ENDS[list]}, ${scope}::int)`.execute(db(tx));
}

/** The place after the last item of the list (`scope`: the catalog, for packages), the list's end locked until the transaction ends. */
export async function nextPosition(tx: EntityManager, list: List, scope = 0): Promise<number> {
  await lockListEnd(tx, list, scope);
  return placeAfterLast(tx, list, list === 'package' ? { column: 'catalog_id', id: scope } : undefined);
}

/**
 * The place after the last row of a positioned list: of the whole table, or of one parent's rows
 * (a catalog's packages, a package's option groups, a group's options). NOTE: `max + 1`, not
 * `count + 1`, which after a removal is a place still taken; the caller holds whatever lock
 * serialises adding to the list (its end's, or the parent's row).
 */
export async function placeAfterLast(
  tx: EntityManager,
  table: List | 'package_option_group' | 'variant_option',
  parent?: { column: 'catalog_id' | 'package_id' | 'group_id'; id: number },
): Promise<number> {
  const { rows } = await sql<{ last: number }>`
    select coalesce(max(position), 0)::int as last from ${sql.table(table)}
    ${parent ? sql`where ${sql.ref(parent.column)} = ${parent.id}` : sql``}`.execute(db(tx));
  return rows[0]!.last + 1;
}
