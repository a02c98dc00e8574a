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
  const max = sql<number>`coalesce(max(position), 0)::int`.as('max');
  const q = db(tx);
  const last =
    list === 'package'
      ? q.selectFrom('package').select(max).where('catalog_id', '=', scope)
      : list === 'catalog'
        ? q.selectFrom('catalog').select(max)
        : q.selectFrom('addon_group').select(max);
  const { max: at } = await last.executeTakeFirstOrThrow();
  return at + 1;
}
