import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from './catalog.entities.ts';
import { provisioningInput } from './catalog.schemas.ts';
import { PluginInstance } from '../plugins/plugins.entities.ts';
import { findPlugin } from '../plugins/registry.ts';
import { schemaFor } from '../plugins/rules/field-spec.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { fieldErrors, parseInput } from '../shared/validation.ts';

/** Links a plugin instance and validates the per-package options against the plugin's schema. */
export async function setPackageProvisioning(em: EntityManager, packageId: number, raw: unknown) {
  const input = parseInput(provisioningInput, raw);
  const pkg = await em.findOne(Package, { id: packageId });
  if (!pkg) throw new NotFound('That package');
  if (input.pluginInstanceId === null) {
    em.assign(pkg, { pluginInstance: null, pluginOptions: {} });
    await em.flush();
    return pkg;
  }
  const instance = await em.findOne(PluginInstance, { id: input.pluginInstanceId });
  if (!instance) throw new DomainError('Choose a plugin instance that exists.', 'pluginInstanceId');
  const plugin = findPlugin(instance.plugin);
  if (!plugin) throw new DomainError(`The plugin "${instance.plugin}" is not installed.`, 'pluginInstanceId');
  const parsed = schemaFor(plugin.packageFields).safeParse(input.options);
  if (!parsed.success) {
    throw DomainError.fromFields(Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([k, v]) => [`options.${k}`, v])));
  }
  em.assign(pkg, { pluginInstance: instance, pluginOptions: parsed.data });
  await em.flush();
  return pkg;
}
