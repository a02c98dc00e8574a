import type { EntityManager } from '@mikro-orm/postgresql';
import { PluginInstance } from './plugins.entities.ts';
import { findPlugin } from './registry.ts';
import { instanceConfig } from './instance-config.ts';
import { NotFound } from '../shared/errors.ts';

export async function testPluginInstance(em: EntityManager, id: number, appSecret: string) {
  const row = await em.findOne(PluginInstance, { id });
  if (!row) throw new NotFound('That plugin instance');
  const plugin = findPlugin(row.plugin);
  if (!plugin) return { ok: false, message: `The plugin "${row.plugin}" is not installed.` };
  return plugin.testConnection(instanceConfig(row, appSecret));
}
