import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from './catalog.entities.ts';
import { scalingInput } from './catalog.schemas.ts';
import { loadPackage } from './load-package.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

export async function setScalingTargets(em: EntityManager, packageId: number, raw: unknown) {
  const { targetIds } = parseInput(scalingInput, raw);
  const pkg = await loadPackage(em, packageId);
  const ids = [...new Set(targetIds)];
  if (ids.includes(packageId)) throw new DomainError('A package cannot be scaled to itself.', 'targetIds');
  const targets = ids.length ? await em.find(Package, { id: { $in: ids } }) : [];
  if (targets.length !== ids.length) throw new DomainError('Choose packages that exist.', 'targetIds');
  pkg.scalableTo.set(targets);
  await em.flush();
  return pkg;
}
