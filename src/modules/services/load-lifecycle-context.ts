import type { EntityManager } from '@mikro-orm/postgresql';
import { instanceConfig } from '../plugins/instance-config.ts';
import { nonePlugin } from '../plugins/none.ts';
import type { LifecycleContext, ProvisioningPlugin } from '../plugins/plugin.ts';
import { findPlugin } from '../plugins/registry.ts';
import { fieldValues, type FieldValues } from '../plugins/rules/field-spec.ts';
import { NotFound, PermanentFailure } from '../shared/errors.ts';
import { db } from '../../db/database.ts';
import { parsePriceSnapshot, type PriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { serviceOptions } from './service-options.ts';

/** A malformed snapshot tells the plugin no options rather than failing the lifecycle call. */
function parseSnapshotLeniently(raw: unknown): PriceSnapshot {
  try {
    return parsePriceSnapshot(raw);
  } catch {
    return {};
  }
}

/** The service, its plugin and what a lifecycle call needs. A package with no instance provisions manually. */
export async function loadLifecycleContext(em: EntityManager, serviceId: number, appSecret: string) {
  const row = await db(em)
    .selectFrom('service as s')
    .innerJoin('client as c', 'c.id', 's.client_id')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .leftJoin('plugin_instance as i', 'i.id', 'p.plugin_instance_id')
    .select([
      's.id',
      's.status',
      's.client_id',
      'c.email as client_email',
      'p.id as package_id',
      'p.slug as package_slug',
      'p.plugin_options',
      's.price_snapshot',
    ])
    .select(['i.id as instance_id', 'i.name as instance_name', 'i.plugin', 'i.settings', 'i.secrets'])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
  if (!row) throw new NotFound('That service');
  let plugin: ProvisioningPlugin = nonePlugin;
  let instance = { id: 0, name: 'manual', settings: {} as FieldValues };
  if (row.instance_id !== null) {
    const found = findPlugin(row.plugin ?? '');
    if (!found) throw new PermanentFailure(`The plugin "${row.plugin}" is not installed.`);
    plugin = found;
    instance = instanceConfig(
      { id: row.instance_id, name: row.instance_name ?? '', settings: fieldValues(row.settings), secrets: row.secrets ?? '' },
      appSecret,
    );
  }
  const ctx: Omit<LifecycleContext, 'idempotencyKey'> = {
    instance,
    packageOptions: fieldValues(row.plugin_options),
    service: {
      id: row.id,
      packageId: row.package_id,
      packageSlug: row.package_slug,
      clientId: row.client_id,
      clientEmail: row.client_email,
    },
    chosenOptions: (await serviceOptions(em, parseSnapshotLeniently(row.price_snapshot))).map(({ groupId: _g, ...o }) => o),
  };
  return { status: row.status, plugin, ctx };
}
