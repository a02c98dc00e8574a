import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { PackageStatus } from './rules/constants.ts';

export interface AddonGroupView {
  id: number;
  name: string;
  /** The name in other languages, by language code. */
  names: Record<string, string>;
  position: number;
  /** The packages sold as add-ons in this group, in catalog order. */
  packages: { id: number; name: string; slug: string; status: PackageStatus }[];
  /** The packages that offer this group. */
  offeredBy: { id: number; name: string }[];
}

/** Add-on groups in display order with their packages and the packages offering them; `ids` narrows. */
export async function listAddonGroups(em: EntityManager, ids?: number[]): Promise<AddonGroupView[]> {
  if (ids && ids.length === 0) return [];
  const q = db(em);
  let groups = q.selectFrom('addon_group').select(['id', 'name', 'names', 'position']).orderBy('position').orderBy('id');
  if (ids) groups = groups.where('id', 'in', ids);
  const rows = await groups.execute();
  if (!rows.length) return [];
  const groupIds = rows.map((g) => g.id);
  const [members, offers] = await Promise.all([
    q
      .selectFrom('addon_group_package as m')
      .innerJoin('package as p', 'p.id', 'm.package_id')
      .innerJoin('catalog as c', 'c.id', 'p.catalog_id')
      .select(['m.addon_group_id', 'p.id', 'p.name', 'p.slug', 'p.status'])
      .where('m.addon_group_id', 'in', groupIds)
      .orderBy('c.position')
      .orderBy('p.position')
      .orderBy('p.id')
      .execute(),
    q
      .selectFrom('package_addon_group as o')
      .innerJoin('package as p', 'p.id', 'o.package_id')
      .select(['o.addon_group_id', 'p.id', 'p.name'])
      .where('o.addon_group_id', 'in', groupIds)
      .orderBy('p.name')
      .orderBy('p.id')
      .execute(),
  ]);
  return rows.map((g) => ({
    id: g.id,
    name: g.name,
    names: g.names,
    position: g.position,
    packages: members.filter((m) => m.addon_group_id === g.id).map((m) => ({ id: m.id, name: m.name, slug: m.slug, status: m.status })),
    offeredBy: offers.filter((o) => o.addon_group_id === g.id).map((o) => ({ id: o.id, name: o.name })),
  }));
}
