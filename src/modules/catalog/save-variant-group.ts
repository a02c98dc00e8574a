import type { EntityManager } from '@mikro-orm/postgresql';
import { Package, VariantGroup } from './catalog.entities.ts';
import { variantGroupInput } from './catalog.schemas.ts';
import { NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/** Adds a group (groupId undefined) or renames one. */
export async function saveVariantGroup(em: EntityManager, packageId: number, groupId: number | undefined, raw: unknown) {
  const input = parseInput(variantGroupInput, raw);
  const pkg = await em.findOne(Package, { id: packageId });
  if (!pkg) throw new NotFound('That package');
  if (groupId === undefined) {
    const count = await em.count(VariantGroup, { package: packageId });
    const group = em.create(VariantGroup, { package: pkg, name: input.name, position: count + 1 });
    await em.flush();
    return group;
  }
  const group = await em.findOne(VariantGroup, { id: groupId, package: packageId });
  if (!group) throw new NotFound('That variant group');
  group.name = input.name;
  await em.flush();
  return group;
}
