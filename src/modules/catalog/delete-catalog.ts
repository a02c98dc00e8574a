import type { EntityManager } from '@mikro-orm/postgresql';
import { Catalog, Package } from './catalog.entities.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

export async function deleteCatalog(em: EntityManager, id: number) {
  const catalog = await em.findOne(Catalog, { id });
  if (!catalog) throw new NotFound('That catalog');
  const packages = await em.count(Package, { catalog: id });
  if (packages > 0) {
    throw new Conflict(
      `"${catalog.name}" still has ${packages} package${packages === 1 ? '' : 's'}. Move or delete them first, or hide the catalog.`,
    );
  }
  em.remove(catalog);
  await em.flush();
}
