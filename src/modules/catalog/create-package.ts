import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from './catalog.entities.ts';
import { packageInput } from './catalog.schemas.ts';
import { preparePackageFields } from './prepare-package-fields.ts';
import { parseInput } from '../shared/validation.ts';
import { lockListEnd } from './lock-list-end.ts';

/** A new package, last in its catalog. */
export async function createPackage(em: EntityManager, raw: unknown) {
  const input = parseInput(packageInput, raw);
  return em.transactional(async (tx) => {
    const fields = await preparePackageFields(tx, input);
    await lockListEnd(tx, 'package', input.catalogId);
    const last = await tx.findOne(Package, { catalog: input.catalogId }, { orderBy: { position: 'desc' } });
    const pkg = tx.create(Package, { ...fields, position: (last?.position ?? 0) + 1 });
    await tx.flush();
    return pkg;
  });
}
