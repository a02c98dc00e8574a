import type { EntityManager } from '@mikro-orm/postgresql';
import { AddonGroup } from './catalog.entities.ts';
import { offeredAddonsInput } from './catalog.schemas.ts';
import { loadPackage } from './load-package.ts';
import { db } from '../../db/database.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { isRowId } from '../shared/row-id.ts';

/**
 * The add-on groups offered with a package (its Add-ons tab); a group holding the package itself is refused.
 * NOTE: the chosen groups' rows are share-locked first (in id order), then the package's: a group
 * being given this package at the same moment (updateAddonGroup locks the group's row) is waited
 * for and then seen here, or waits and sees this; the two never both pass, which made the package
 * an add-on of itself. The package is loaded only after its row is locked: loaded before, a
 * second save of the same groups (a double click) waited, then added them again from the offer
 * it read before the first committed, and was refused by the key as a generic conflict.
 */
export async function setOfferedAddonGroups(em: EntityManager, packageId: number, raw: unknown) {
  const { groupIds } = parseInput(offeredAddonsInput, raw);
  const ids = [...new Set(groupIds)].sort((a, b) => a - b);
  return em.transactional(async (tx) => {
    const q = db(tx);
    if (ids.length) await q.selectFrom('addon_group').select('id').where('id', 'in', ids).orderBy('id').forShare().execute();
    if (!isRowId(packageId)) throw new NotFound('That package');
    if (!(await q.selectFrom('package').select('id').where('id', '=', packageId).forUpdate().executeTakeFirst()))
      throw new NotFound('That package');
    // Loaded once locked: the groups it offers now, not those before a save it waited for.
    const pkg = await loadPackage(tx, packageId);
    const groups = ids.length ? await tx.find(AddonGroup, { id: { $in: ids } }) : [];
    if (groups.length !== ids.length) throw new DomainError('Choose add-on groups that exist.', 'groupIds');
    if (ids.length) {
      const own = await q
        .selectFrom('addon_group_package as m')
        .innerJoin('addon_group as g', 'g.id', 'm.addon_group_id')
        .select('g.name')
        .where('m.package_id', '=', packageId)
        .where('m.addon_group_id', 'in', ids)
        .executeTakeFirst();
      if (own) throw new DomainError(`"${own.name}" holds this package itself, so it cannot be offered with it.`, 'groupIds');
    }
    pkg.addonGroups.set(groups);
    return pkg;
  });
}
