import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { PluginInstance } from './plugins.entities.ts';
import { pluginInstanceInput } from './plugins.schemas.ts';
import { findPlugin } from './registry.ts';
import { parseSettings } from './rules/parse-settings.ts';
import { instanceConfig } from './instance-config.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { seal } from '../shared/secret-box.ts';
import { parseInput } from '../shared/validation.ts';

/**
 * Creates an instance (id undefined) or edits one. Secret fields are sealed with APP_SECRET;
 * when editing, a blank secret keeps the stored one, so staff never have to retype it.
 */
export async function savePluginInstance(em: EntityManager, id: number | undefined, raw: unknown, appSecret: string) {
  const existing = id === undefined ? null : await em.findOne(PluginInstance, { id });
  if (id !== undefined && !existing) throw new NotFound('That plugin instance');
  const input = parseInput(pluginInstanceInput, existing ? { plugin: existing.plugin, ...(raw as object) } : raw);
  const plugin = findPlugin(input.plugin);
  if (!plugin) throw new DomainError('Choose one of the installed plugins.', 'plugin');
  if (existing && existing.plugin !== plugin.key)
    throw new DomainError('The plugin of an instance cannot change; create a new instance.', 'plugin');

  const kept = existing ? instanceConfig(existing, appSecret).settings : {};
  const { plain, secrets } = parseSettings(plugin.instanceFields, input.settings, kept);
  const fields = {
    plugin: plugin.key,
    name: input.name,
    settings: plain,
    secrets: Object.keys(secrets).length ? seal(JSON.stringify(secrets), appSecret) : '',
  };
  try {
    const row = existing ? em.assign(existing, fields) : em.create(PluginInstance, fields);
    await em.flush();
    return row;
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw new DomainError('Another instance already has that name.', 'name');
    throw err;
  }
}
