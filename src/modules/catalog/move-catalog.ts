import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Catalog } from './catalog.entities.ts';
import { NotFound } from '../shared/errors.ts';
import { inDisplayOrder, moveOnePlace } from '../shared/reorder.ts';

/** Swaps a catalog with its neighbour above or below, renumbering so positions stay distinct. */
export async function moveCatalog(em: EntityManager, id: number, direction: 'up' | 'down') {
  await em.transactional(async (tx) => {
    const all = inDisplayOrder(await tx.find(Catalog, {}, { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE }));
    if (!moveOnePlace(all, id, direction)) throw new NotFound('That catalog');
  });
}
