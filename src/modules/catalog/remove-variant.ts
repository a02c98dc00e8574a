import type { EntityManager } from '@mikro-orm/postgresql';
import { PackageOptionGroup, VariantGroup, VariantOption } from './catalog.entities.ts';
import { NotFound } from '../shared/errors.ts';
import { findAttachedGroup } from './save-variant-group.ts';

/** Detaches an option group from the package; a group no package uses any more is deleted with its options. */
export async function removeVariantGroup(em: EntityManager, packageId: number, groupId: number) {
  await em.transactional(async (tx) => {
    // Locked: two packages letting go of one shared group at once do not each see the other still using it.
    const group = await findAttachedGroup(tx, packageId, groupId, true);
    await tx.nativeDelete(PackageOptionGroup, { package: packageId, group: group.id });
    if (!(await tx.count(PackageOptionGroup, { group: group.id }))) await tx.nativeDelete(VariantGroup, { id: group.id });
  });
}

/**
 * Removes an option from one of the package's groups (for every package using the group).
 * NOTE: under the group's lock, as its options are saved, so an option being priced meanwhile is
 * waited for; a package's own prices for it share-lock the option's row (savePackageOptionPrices).
 * Either way the other side finds it gone (NotFound), not a foreign key refused as a conflict.
 */
export async function removeVariantOption(em: EntityManager, packageId: number, groupId: number, optionId: number) {
  await em.transactional(async (tx) => {
    await findAttachedGroup(tx, packageId, groupId, true);
    const n = await tx.nativeDelete(VariantOption, { id: optionId, group: groupId });
    if (!n) throw new NotFound('That option');
  });
}
