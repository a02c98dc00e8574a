import type { EntityManager } from '@mikro-orm/postgresql';
import { instanceConfig } from '../plugins/instance-config.ts';
import { nonePlugin } from '../plugins/none.ts';
import type { LifecycleContext, ProvisioningPlugin } from '../plugins/plugin.ts';
import { findPlugin } from '../plugins/registry.ts';
import type { FieldValues } from '../plugins/rules/field-spec.ts';
import { NotFound, PermanentFailure } from '../shared/errors.ts';

/** The service, its plugin and what a lifecycle call needs. A package with no instance provisions manually. */
export async function loadLifecycleContext(em: EntityManager, serviceId: number, appSecret: string) {
  const [row] = await em.getConnection().execute<{ id: number; status: string; client_id: number; client_email: string; package_id: number; package_slug: string; plugin_options: FieldValues; instance_id: number | null; instance_name: string | null; plugin: string | null; settings: Record<string, unknown> | null; secrets: string | null }[]>(
    `select s.id, s.status, s.client_id, c.email as client_email, p.id as package_id, p.slug as package_slug, p.plugin_options,
            i.id as instance_id, i.name as instance_name, i.plugin, i.settings, i.secrets
       from service s join client c on c.id = s.client_id join package p on p.id = s.package_id
       left join plugin_instance i on i.id = p.plugin_instance_id where s.id = ?`,
    [serviceId],
  );
  if (!row) throw new NotFound('That service');
  let plugin: ProvisioningPlugin = nonePlugin;
  let instance = { id: 0, name: 'manual', settings: {} as FieldValues };
  if (row.instance_id !== null) {
    const found = findPlugin(row.plugin ?? '');
    if (!found) throw new PermanentFailure(`The plugin "${row.plugin}" is not installed.`);
    plugin = found;
    instance = instanceConfig({ id: row.instance_id, name: row.instance_name ?? '', settings: row.settings ?? {}, secrets: row.secrets ?? '' }, appSecret);
  }
  const ctx: Omit<LifecycleContext, 'idempotencyKey'> = {
    instance,
    packageOptions: row.plugin_options ?? {},
    service: { id: row.id, packageId: row.package_id, packageSlug: row.package_slug, clientId: row.client_id, clientEmail: row.client_email },
  };
  return { status: row.status, plugin, ctx };
}
