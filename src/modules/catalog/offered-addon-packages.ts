import type { EntityManager } from '@mikro-orm/postgresql';
import { cached } from '../../db/cache.ts';
import { db } from '../../db/database.ts';

/**
 * The packages a package offers as add-ons: those of every add-on group it offers. Cached in a
 * web process until an add-on group's packages or a package's groups change (db/cache.ts): every
 * quote and checkout of an add-on asks.
 */
export async function offeredAddonPackages(em: EntityManager, packageId: number): Promise<ReadonlySet<number>> {
  return cached(em, `addon-offers:${packageId}`, ['package_addon_group', 'addon_group_package'], async () => {
    const rows = await db(em)
      .selectFrom('package_addon_group as o')
      .innerJoin('addon_group_package as m', 'm.addon_group_id', 'o.addon_group_id')
      .select('m.package_id')
      .where('o.package_id', '=', packageId)
      .execute();
    return new Set(rows.map((r) => r.package_id));
  });
}
