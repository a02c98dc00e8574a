import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { PluginInstance } from './plugins.entities.ts';
import { countAll, db } from '../../db/database.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

/**
 * Deletes an instance no package uses.
 * NOTE: the packages are counted under a lock of the instance's row, which a package being linked
 * to it meanwhile also needs (setPackageProvisioning, and the link's foreign key): that link
 * waits and is then refused as naming no instance, or is counted here. Unlocked, the count missed
 * it and the delete (the key is ON DELETE SET NULL) silently unlinked the package, whose orders
 * then went unprovisioned.
 */
export async function deletePluginInstance(em: EntityManager, id: number) {
  await em.transactional(async (tx) => {
    const row = await tx.findOne(PluginInstance, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row) throw new NotFound('That plugin instance');
    await refuseIfUsed(tx, id);
    tx.remove(row);
  });
}

async function refuseIfUsed(em: EntityManager, id: number) {
  const { used } = await db(em)
    .selectFrom('package')
    .select(countAll().as('used'))
    .where('plugin_instance_id', '=', id)
    .executeTakeFirstOrThrow();
  if (used)
    throw new Conflict(
      `${used} package${used === 1 ? ' uses' : 's use'} this instance; choose another instance for ${used === 1 ? 'it' : 'them'} first.`,
    );
}
