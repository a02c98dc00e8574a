import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Package } from './catalog.entities.ts';
import { provisioningInput } from './catalog.schemas.ts';
import { PluginInstance } from '../plugins/plugins.entities.ts';
import { findPlugin } from '../plugins/registry.ts';
import { schemaFor } from '../plugins/rules/field-spec.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { fieldErrors, parseInput } from '../shared/validation.ts';

/**
 * Links a plugin instance and validates the per-package options against the plugin's schema.
 * NOTE: the instance's row is share-locked as it is read, so an instance being deleted meanwhile
 * is waited for and then refused as gone (deletePluginInstance counts under the other side of
 * that lock).
 */
export async function setPackageProvisioning(em: EntityManager, packageId: number, raw: unknown) {
  const input = parseInput(provisioningInput, raw);
  return em.transactional(async (tx) => {
    const pkg = await tx.findOne(Package, { id: packageId });
    if (!pkg) throw new NotFound('That package');
    if (input.pluginInstanceId === null) {
      tx.assign(pkg, { pluginInstance: null, pluginOptions: {} });
      return pkg;
    }
    const instance = await tx.findOne(PluginInstance, { id: input.pluginInstanceId }, { lockMode: LockMode.PESSIMISTIC_READ });
    if (!instance) throw new DomainError('Choose a plugin instance that exists.', 'pluginInstanceId');
    const plugin = findPlugin(instance.plugin);
    if (!plugin) throw new DomainError(`The plugin "${instance.plugin}" is not installed.`, 'pluginInstanceId');
    const parsed = schemaFor(plugin.packageFields).safeParse(input.options);
    if (!parsed.success) {
      throw DomainError.fromFields(Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([k, v]) => [`options.${k}`, v])));
    }
    tx.assign(pkg, { pluginInstance: instance, pluginOptions: parsed.data });
    return pkg;
  });
}
