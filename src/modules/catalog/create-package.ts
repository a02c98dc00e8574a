import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from './catalog.entities.ts';
import { packageInput } from './catalog.schemas.ts';
import { preparePackageFields } from './prepare-package-fields.ts';
import { parseInput } from '../shared/validation.ts';
import { nextPosition } from './lock-list-end.ts';

/** A new package, last in its catalog. */
export async function createPackage(em: EntityManager, raw: unknown) {
  const input = parseInput(packageInput, raw);
  return em.transactional(async (tx) => {
    const fields = await preparePackageFields(tx, input);
    const pkg = tx.create(Package, { ...fields, position: await nextPosition(tx, 'package', input.catalogId) });
    await tx.flush();
    return pkg;
  });
}
