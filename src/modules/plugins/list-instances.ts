import type { EntityManager } from '@mikro-orm/postgresql';
import { PluginInstance } from './plugins.entities.ts';
import { findPlugin } from './registry.ts';

/** Instances with their plugin's declared fields; never their secrets. */
export async function listInstances(em: EntityManager) {
  const rows = await em.find(PluginInstance, {}, { orderBy: { name: 'asc' } });
  return rows.map((r) => {
    const plugin = findPlugin(r.plugin);
    return {
      id: r.id,
      name: r.name,
      plugin: r.plugin,
      pluginName: plugin?.name ?? `${r.plugin} (not installed)`,
      settings: r.settings,
      hasSecrets: r.secrets !== '',
      packageFields: plugin?.packageFields ?? [],
      instanceFields: plugin?.instanceFields ?? [],
    };
  });
}
