import type { EntityManager } from '@mikro-orm/postgresql';
import { AddonGroup } from './catalog.entities.ts';
import { offeredAddonsInput } from './catalog.schemas.ts';
import { loadPackage } from './load-package.ts';
import { db } from '../../db/database.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/** The add-on groups offered with a package (its Add-ons tab); a group holding the package itself is refused. */
export async function setOfferedAddonGroups(em: EntityManager, packageId: number, raw: unknown) {
  const { groupIds } = parseInput(offeredAddonsInput, raw);
  const pkg = await loadPackage(em, packageId);
  const ids = [...new Set(groupIds)];
  const groups = ids.length ? await em.find(AddonGroup, { id: { $in: ids } }) : [];
  if (groups.length !== ids.length) throw new DomainError('Choose add-on groups that exist.', 'groupIds');
  if (ids.length) {
    const own = await db(em)
      .selectFrom('addon_group_package as m')
      .innerJoin('addon_group as g', 'g.id', 'm.addon_group_id')
      .select('g.name')
      .where('m.package_id', '=', packageId)
      .where('m.addon_group_id', 'in', ids)
      .executeTakeFirst();
    if (own) throw new DomainError(`"${own.name}" holds this package itself, so it cannot be offered with it.`, 'groupIds');
  }
  pkg.addonGroups.set(groups);
  await em.flush();
  return pkg;
}
