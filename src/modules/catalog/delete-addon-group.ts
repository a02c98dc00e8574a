import type { EntityManager } from '@mikro-orm/postgresql';
import { AddonGroup } from './catalog.entities.ts';
import { NotFound } from '../shared/errors.ts';

/**
 * Deletes a group: it is no longer offered with any package. Add-on services already sold from
 * it keep running and renewing with their parents (they belong to packages, not to the group).
 */
export async function deleteAddonGroup(em: EntityManager, id: number) {
  const group = await em.findOne(AddonGroup, { id });
  if (!group) throw new NotFound('That add-on group');
  em.remove(group);
  await em.flush();
}
