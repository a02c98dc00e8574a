import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/** The packages a package offers as add-ons: those of every add-on group it offers. */
export async function offeredAddonPackages(em: EntityManager, packageId: number): Promise<Set<number>> {
  const rows = await db(em)
    .selectFrom('package_addon_group as o')
    .innerJoin('addon_group_package as m', 'm.addon_group_id', 'o.addon_group_id')
    .select('m.package_id')
    .where('o.package_id', '=', packageId)
    .execute();
  return new Set(rows.map((r) => r.package_id));
}
