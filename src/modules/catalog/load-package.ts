import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from './catalog.entities.ts';
import { NotFound } from '../shared/errors.ts';
import { isRowId } from '../shared/row-id.ts';

/** A package with everything its editor and the API show. */
export async function loadPackage(em: EntityManager, id: number) {
  if (!isRowId(id)) throw new NotFound('That package');
  const pkg = await em.findOne(
    Package,
    { id },
    {
      populate: [
        'catalog',
        'prices',
        'optionGroups.group.options.prices',
        'optionPrices',
        'translations',
        'welcomeEmails',
        'scalableTo',
        'addonGroups',
        'pluginInstance',
      ],
    },
  );
  if (!pkg) throw new NotFound('That package');
  return pkg;
}
