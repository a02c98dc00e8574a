import type { EntityManager } from '@mikro-orm/postgresql';
import { cached } from '../../db/cache.ts';
import { countAll, db } from '../../db/database.ts';

export async function listCatalogs(em: EntityManager) {
  const rows = await db(em)
    .selectFrom('catalog as c')
    .select(['c.id', 'c.name', 'c.slug', 'c.description', 'c.hidden', 'c.position'])
    .select((eb) => eb.selectFrom('package as p').select(countAll().as('n')).whereRef('p.catalog_id', '=', 'c.id').as('package_count'))
    .orderBy('c.position')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    description: r.description,
    hidden: r.hidden,
    position: r.position,
    packageCount: r.package_count ?? 0,
  }));
}

/**
 * Catalog names for pickers and filters, in catalog order. Read on every package list and
 * package form; cached, and dropped when the catalog table changes.
 */
export function catalogChoices(em: EntityManager): Promise<readonly { id: number; name: string }[]> {
  return cached(em, 'catalog-choices', ['catalog'], () =>
    db(em).selectFrom('catalog').select(['id', 'name']).orderBy('position').orderBy('id').execute(),
  );
}
