import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { AddonGroup } from './catalog.entities.ts';
import { addonGroupInput } from './catalog.schemas.ts';
import { prepareAddonGroup } from './prepare-addon-group.ts';
import { NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/** `raw` may be partial (API PATCH): missing fields keep their stored values. */
export async function updateAddonGroup(em: EntityManager, id: number, raw: Record<string, unknown>) {
  return em.transactional(async (tx) => {
    // Locked: a package offering this group at the same moment (setOfferedAddonGroups share-locks
    // it) is waited for and then seen by prepareAddonGroup's check, or waits and sees this.
    const group = await tx.findOne(AddonGroup, { id }, { populate: ['packages'], lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!group) throw new NotFound('That add-on group');
    const input = parseInput(addonGroupInput, {
      name: group.name,
      names: group.names,
      packageIds: group.packages.getItems().map((p) => p.id),
      ...raw,
    });
    const packages = await prepareAddonGroup(tx, input, id);
    tx.assign(group, { name: input.name, names: input.names });
    group.packages.set(packages);
    await tx.flush();
    return group;
  });
}
