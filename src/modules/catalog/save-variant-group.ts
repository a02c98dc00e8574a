import type { EntityManager } from '@mikro-orm/postgresql';
import { Package, PackageOptionGroup, VariantGroup } from './catalog.entities.ts';
import { variantGroupInput } from './catalog.schemas.ts';
import { NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/** An option group attached to the package, or NotFound: a package's screens reach only its own groups. */
export async function findAttachedGroup(em: EntityManager, packageId: number, groupId: number) {
  if (!Number.isSafeInteger(groupId) || groupId < 1) throw new NotFound('That option group');
  const group = await em.findOne(VariantGroup, { id: groupId, packages: { package: packageId } });
  if (!group) throw new NotFound('That option group');
  return group;
}

/**
 * From a package's screens: adds a new shared option group attached to the package, at the end
 * of its order (groupId undefined), or renames one of its groups (for every package using it).
 */
export async function saveVariantGroup(em: EntityManager, packageId: number, groupId: number | undefined, raw: unknown) {
  const input = parseInput(variantGroupInput, raw);
  const pkg = await em.findOne(Package, { id: packageId });
  if (!pkg) throw new NotFound('That package');
  if (groupId === undefined) {
    const count = await em.count(PackageOptionGroup, { package: packageId });
    const group = em.create(VariantGroup, { name: input.name, position: 0 });
    em.create(PackageOptionGroup, { package: pkg, group, position: count + 1 });
    await em.flush();
    return group;
  }
  const group = await findAttachedGroup(em, packageId, groupId);
  group.name = input.name;
  await em.flush();
  return group;
}
