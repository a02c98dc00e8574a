import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Catalog } from './catalog.entities.ts';
import { NotFound } from '../shared/errors.ts';

/** Swaps a catalog with its neighbour above or below, renumbering so positions stay distinct. */
export async function moveCatalog(em: EntityManager, id: number, direction: 'up' | 'down') {
  await em.transactional(async (tx) => {
    const all = await tx.find(Catalog, {}, { orderBy: { position: 'asc', id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE });
    const index = all.findIndex((c) => c.id === id);
    if (index < 0) throw new NotFound('That catalog');
    const other = direction === 'up' ? index - 1 : index + 1;
    if (other >= 0 && other < all.length) [all[index], all[other]] = [all[other]!, all[index]!];
    all.forEach((c, i) => (c.position = i + 1));
  });
}
