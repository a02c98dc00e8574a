import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from './catalog.entities.ts';
import type { AddonGroupInput } from './catalog.schemas.ts';
import { db } from '../../db/database.ts';
import { DomainError } from '../shared/errors.ts';

/**
 * Checks an add-on group's names and packages against what is stored and returns its packages.
 * Names are for the store's other languages (the default language uses `name`); a package may
 * not be an add-on of itself, so a group may not hold a package that offers the group.
 */
export async function prepareAddonGroup(em: EntityManager, input: AddonGroupInput, groupId?: number) {
  const q = db(em);
  const codes = Object.keys(input.names);
  if (codes.length) {
    const languages = await q.selectFrom('language').select(['code', 'is_default']).where('code', 'in', codes).execute();
    for (const code of codes) {
      const language = languages.find((l) => l.code === code);
      if (!language) throw new DomainError(`${code} is not one of the store's languages; add it under Settings first.`, `names.${code}`);
      if (language.is_default) throw new DomainError("The default language uses the group's own name.", `names.${code}`);
    }
  }
  const ids = [...new Set(input.packageIds)];
  const packages = ids.length ? await em.find(Package, { id: { $in: ids } }, { orderBy: { id: 'asc' } }) : [];
  if (packages.length !== ids.length) throw new DomainError('Choose packages that exist.', 'packageIds');
  if (groupId && ids.length) {
    const own = await q
      .selectFrom('package_addon_group as o')
      .innerJoin('package as p', 'p.id', 'o.package_id')
      .select('p.name')
      .where('o.addon_group_id', '=', groupId)
      .where('o.package_id', 'in', ids)
      .executeTakeFirst();
    if (own) throw new DomainError(`${own.name} offers this group, so it cannot be one of its add-ons.`, 'packageIds');
  }
  return packages;
}
