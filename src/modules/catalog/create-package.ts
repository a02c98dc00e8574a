import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from './catalog.entities.ts';
import { packageInput } from './catalog.schemas.ts';
import { preparePackageFields } from './prepare-package-fields.ts';
import { parseInput } from '../shared/validation.ts';

export async function createPackage(em: EntityManager, raw: unknown) {
  const input = parseInput(packageInput, raw);
  const fields = await preparePackageFields(em, input);
  const last = await em.findOne(Package, { catalog: input.catalogId }, { orderBy: { position: 'desc' } });
  const pkg = em.create(Package, { ...fields, position: (last?.position ?? 0) + 1 });
  await em.flush();
  return pkg;
}
