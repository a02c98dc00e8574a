import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { AddonGroup } from './catalog.entities.ts';
import { addonGroupInput } from './catalog.schemas.ts';
import { prepareAddonGroup } from './prepare-addon-group.ts';
import { db } from '../../db/database.ts';
import { parseInput } from '../shared/validation.ts';
import { lockListEnd } from './lock-list-end.ts';

/** A new add-on group, last in the display order. */
export async function createAddonGroup(em: EntityManager, raw: unknown) {
  const input = parseInput(addonGroupInput, raw);
  return em.transactional(async (tx) => {
    const packages = await prepareAddonGroup(tx, input);
    await lockListEnd(tx, 'addon_group');
    const { max } = await db(tx)
      .selectFrom('addon_group')
      .select(sql<number>`coalesce(max(position), 0)::int`.as('max'))
      .executeTakeFirstOrThrow();
    const group = tx.create(AddonGroup, { name: input.name, names: input.names, position: max + 1 });
    group.packages.set(packages);
    await tx.flush();
    return group;
  });
}
