import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { findPlugin } from '../plugins/registry.ts';
import { NotFound } from '../shared/errors.ts';
import { serviceDetails, type ServiceDetailRow } from './rules/service-details.ts';

/**
 * One value the plugin returned for a client's own service, secret or not, for the client who
 * asked to see it. NOTE: another client's service and a key the service has not are the same
 * 404, so neither tells whether the other exists.
 */
export async function revealServiceDetail(
  em: EntityManager,
  clientId: number,
  serviceId: number,
  key: string,
): Promise<ServiceDetailRow & { value: string }> {
  const row = await db(em)
    .selectFrom('service as s')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .leftJoin('plugin_instance as pi', 'pi.id', 'p.plugin_instance_id')
    .select(['s.plugin_data', 'pi.plugin'])
    .where('s.id', '=', serviceId)
    .where('s.client_id', '=', clientId)
    .executeTakeFirst();
  const data = row?.plugin_data ?? {};
  const detail = Object.hasOwn(data, key)
    ? serviceDetails({ [key]: data[key]! }, (row?.plugin && findPlugin(row.plugin)?.tags) || [])[0]
    : undefined;
  if (!detail) throw new NotFound('That detail');
  return { ...detail, value: String(data[key]) };
}
