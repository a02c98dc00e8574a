import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { AddonGroup } from './catalog.entities.ts';
import { NotFound } from '../shared/errors.ts';
import { inDisplayOrder, moveOnePlace } from '../shared/reorder.ts';

/** Swaps an add-on group with its neighbour; the order here is the order on the store page. */
export async function moveAddonGroup(em: EntityManager, id: number, direction: 'up' | 'down') {
  await em.transactional(async (tx) => {
    const all = inDisplayOrder(await tx.find(AddonGroup, {}, { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE }));
    if (!moveOnePlace(all, id, direction)) throw new NotFound('That add-on group');
  });
}
