import type { EntityManager } from '@mikro-orm/postgresql';
import { Package, PackageOptionGroup, VariantGroup, VariantOption } from './catalog.entities.ts';
import { variantGroupInput } from './catalog.schemas.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/** An option group attached to the package, or NotFound: a package's screens reach only its own groups. */
export async function findAttachedGroup(em: EntityManager, packageId: number, groupId: number) {
  if (!Number.isSafeInteger(groupId) || groupId < 1) throw new NotFound('That option group');
  const group = await em.findOne(VariantGroup, { id: groupId, packages: { package: packageId } });
  if (!group) throw new NotFound('That option group');
  return group;
}

/**
 * A quantity, yes/no or text group has exactly one option (the unit, the "yes", the field); its
 * bounds must hold together. Refused with the field to fix.
 */
function groupRuleProblem(g: { type: string; minQuantity: number; maxQuantity: number }, options: number) {
  if (g.type !== 'choice' && options > 1)
    throw new DomainError(`A ${g.type === 'yesno' ? 'yes/no' : g.type} group has one option; remove the others first.`, 'type');
  if (g.type === 'quantity' && g.minQuantity > g.maxQuantity) throw new DomainError('Use a maximum at least the minimum.', 'maxQuantity');
}

/**
 * From a package's screens: adds a new shared option group attached to the package, at the end
 * of its order (groupId undefined), or changes one of its groups (for every package using it).
 */
export async function saveVariantGroup(em: EntityManager, packageId: number, groupId: number | undefined, raw: unknown) {
  const input = parseInput(variantGroupInput, raw);
  const pkg = await em.findOne(Package, { id: packageId });
  if (!pkg) throw new NotFound('That package');
  const { name, ...settings } = input;
  const given = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
  if (groupId === undefined) {
    const count = await em.count(PackageOptionGroup, { package: packageId });
    const group = em.create(VariantGroup, { name, position: 0, ...given });
    groupRuleProblem(group, 0);
    em.create(PackageOptionGroup, { package: pkg, group, position: count + 1 });
    await em.flush();
    return group;
  }
  const group = await findAttachedGroup(em, packageId, groupId);
  em.assign(group, { name, ...given });
  groupRuleProblem(group, await em.count(VariantOption, { group: group.id }));
  await em.flush();
  return group;
}
