import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from '../catalog/catalog.entities.ts';
import { PackageStatus } from '../catalog/rules/constants.ts';

/** The packages that have an allow-list: those whose status is restricted. */
export async function listRestrictedPackages(em: EntityManager) {
  const rows = await em.find(
    Package,
    { status: PackageStatus.restricted },
    { orderBy: { name: 'asc', id: 'asc' }, fields: ['id', 'name', 'slug'] },
  );
  return rows.map((p) => ({ id: p.id, name: p.name, slug: p.slug }));
}
