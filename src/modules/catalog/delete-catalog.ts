import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Catalog, Package } from './catalog.entities.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

/**
 * NOTE: the packages are counted under a lock of the catalog row: a package added to it meanwhile
 * (its foreign key check takes a share lock on that row) waits, then fails as the catalog is gone
 * or is counted, so the delete never trips the foreign key.
 */
export async function deleteCatalog(em: EntityManager, id: number) {
  await em.transactional(async (tx) => {
    const catalog = await tx.findOne(Catalog, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!catalog) throw new NotFound('That catalog');
    const packages = await tx.count(Package, { catalog: id });
    if (packages > 0) {
      throw new Conflict(
        `"${catalog.name}" still has ${packages} package${packages === 1 ? '' : 's'}. Move or delete them first, or hide the catalog.`,
      );
    }
    tx.remove(catalog);
  });
}
