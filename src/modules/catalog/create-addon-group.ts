import type { EntityManager } from '@mikro-orm/postgresql';
import { AddonGroup } from './catalog.entities.ts';
import { addonGroupInput } from './catalog.schemas.ts';
import { prepareAddonGroup } from './prepare-addon-group.ts';
import { parseInput } from '../shared/validation.ts';
import { nextPosition } from './lock-list-end.ts';

/** A new add-on group, last in the display order. */
export async function createAddonGroup(em: EntityManager, raw: unknown) {
  const input = parseInput(addonGroupInput, raw);
  return em.transactional(async (tx) => {
    const packages = await prepareAddonGroup(tx, input);
    const group = tx.create(AddonGroup, { name: input.name, names: input.names, position: await nextPosition(tx, 'addon_group') });
    group.packages.set(packages);
    await tx.flush();
    return group;
  });
}
