import { Hono } from 'hono';
import { listInstances } from '../../modules/plugins/list-instances.ts';
import { listPlugins } from '../../modules/plugins/registry.ts';
import type { Env } from '../types.ts';

/** Installed plugins with the schemas of their settings and per-package options; instances without secrets. */
export const pluginApi = new Hono<Env>()
  .get('/plugins', (c) =>
    c.json({
      data: listPlugins().map((p) => ({
        key: p.key,
        name: p.name,
        description: p.description,
        instanceFields: p.instanceFields,
        packageFields: p.packageFields,
        tags: p.tags,
      })),
    }),
  )
  .get('/plugin-instances', async (c) =>
    c.json({
      data: (await listInstances(c.var.em)).map((i) => ({
        id: i.id,
        name: i.name,
        plugin: i.plugin,
        settings: i.settings,
        hasSecrets: i.hasSecrets,
      })),
    }),
  );
