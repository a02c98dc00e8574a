import type { EntityManager } from '@mikro-orm/postgresql';
import { PluginInstance } from './provisioning.entities.ts';
import { Package } from '../catalog/catalog.entities.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

export async function deletePluginInstance(em: EntityManager, id: number) {
  const row = await em.findOne(PluginInstance, { id });
  if (!row) throw new NotFound('That plugin instance');
  const used = await em.count(Package, { pluginInstance: id });
  if (used) throw new Conflict(`${used} package${used === 1 ? ' uses' : 's use'} this instance; choose another instance for ${used === 1 ? 'it' : 'them'} first.`);
  em.remove(row);
  await em.flush();
}
