import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Package } from './catalog.entities.ts';
import { scalingInput } from './catalog.schemas.ts';
import { loadPackage } from './load-package.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/**
 * Replaces the packages `packageId` can be scaled to.
 * NOTE: under a lock of the package row, so the same change sent twice at once (a double click, a
 * retried request) runs once after the other and the second finds nothing to add.
 */
export async function setScalingTargets(em: EntityManager, packageId: number, raw: unknown) {
  const { targetIds } = parseInput(scalingInput, raw);
  return em.transactional(async (tx) => {
    await tx.findOne(Package, { id: packageId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const pkg = await loadPackage(tx, packageId);
    const ids = [...new Set(targetIds)];
    if (ids.includes(packageId)) throw new DomainError('A package cannot be scaled to itself.', 'targetIds');
    const targets = ids.length ? await tx.find(Package, { id: { $in: ids } }) : [];
    if (targets.length !== ids.length) throw new DomainError('Choose packages that exist.', 'targetIds');
    pkg.scalableTo.set(targets);
    return pkg;
  });
}
