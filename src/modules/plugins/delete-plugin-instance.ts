import type { EntityManager } from '@mikro-orm/postgresql';
import { PluginInstance } from './plugins.entities.ts';
import { countAll, db } from '../../db/database.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

export async function deletePluginInstance(em: EntityManager, id: number) {
  const row = await em.findOne(PluginInstance, { id });
  if (!row) throw new NotFound('That plugin instance');
  const { used } = await db(em)
    .selectFrom('package')
    .select(countAll().as('used'))
    .where('plugin_instance_id', '=', id)
    .executeTakeFirstOrThrow();
  if (used)
    throw new Conflict(
      `${used} package${used === 1 ? ' uses' : 's use'} this instance; choose another instance for ${used === 1 ? 'it' : 'them'} first.`,
    );
  em.remove(row);
  await em.flush();
}
