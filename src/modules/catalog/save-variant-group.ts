import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { db } from '../../db/database.ts';
import { Package, PackageOptionGroup, VariantGroup, VariantOption } from './catalog.entities.ts';
import { variantGroupInput } from './catalog.schemas.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { placeAfterLast } from './lock-list-end.ts';

/**
 * An option group attached to the package, or NotFound: a package's screens reach only its own groups.
 * `lock` (in a transaction): the group's row is locked first, until the transaction ends, so what
 * is read of it and its options next is the latest, and the next writer of its options (another
 * package's screen too: groups are shared) reads after this one's write.
 */
export async function findAttachedGroup(em: EntityManager, packageId: number, groupId: number, lock = false) {
  if (!Number.isSafeInteger(groupId) || groupId < 1) throw new NotFound('That option group');
  if (lock) await db(em).selectFrom('variant_group').select('id').where('id', '=', groupId).forUpdate().execute();
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
 * NOTE: a new group locks the package's row (as setPackageOptionGroups does), so two added at once
 * get two places; a changed group locks its own row, so a type allowing one option is checked
 * against options no one is adding at that moment (saveVariantOption takes the same lock).
 */
export async function saveVariantGroup(em: EntityManager, packageId: number, groupId: number | undefined, raw: unknown) {
  const input = parseInput(variantGroupInput, raw);
  const { name, ...settings } = input;
  const given = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
  return em.transactional(async (tx) => {
    if (groupId === undefined) {
      const pkg = await tx.findOne(Package, { id: packageId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!pkg) throw new NotFound('That package');
      const group = tx.create(VariantGroup, { name, position: 0, ...given });
      groupRuleProblem(group, 0);
      tx.create(PackageOptionGroup, {
        package: pkg,
        group,
        position: await placeAfterLast(tx, 'package_option_group', { column: 'package_id', id: packageId }),
      });
      return group;
    }
    const group = await findAttachedGroup(tx, packageId, groupId, true);
    tx.assign(group, { name, ...given });
    groupRuleProblem(group, await tx.count(VariantOption, { group: group.id }));
    return group;
  });
}
