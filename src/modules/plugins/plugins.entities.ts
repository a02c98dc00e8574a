import { defineEntity, p } from '@mikro-orm/core';

/** A configured provisioning plugin ("EU panel"). Secret settings live encrypted in `secrets`. */
export const PluginInstance = defineEntity({
  name: 'PluginInstance',
  tableName: 'plugin_instance',
  properties: {
    id: p.integer().primary(),
    plugin: p.string().length(40),
    name: p.string().length(120).unique(),
    settings: p.json<Record<string, unknown>>().default('{}'),
    secrets: p.text().default(''),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
