import { nonePlugin } from './none.ts';
import type { ProvisioningPlugin } from './plugin.ts';
import { webhookPlugin } from './webhook.ts';

// NOTE: dispatch is by this typed map, not by loading whatever module a string names.
const plugins: Record<string, ProvisioningPlugin> = { [nonePlugin.key]: nonePlugin, [webhookPlugin.key]: webhookPlugin };

export function listPlugins(): ProvisioningPlugin[] {
  return Object.values(plugins);
}

export function findPlugin(key: string): ProvisioningPlugin | undefined {
  return Object.hasOwn(plugins, key) ? plugins[key] : undefined;
}
