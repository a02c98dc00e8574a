import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { findPlugin } from '../plugins/registry.ts';

export interface AccountField {
  name: string;
  description: string;
  sample: string;
}

/**
 * The fields an account of this package has in its plugin (the values the plugin returns on
 * create, such as an IP or a panel URL): what staff fill in when recording an existing account.
 */
export async function packageAccountFields(em: EntityManager, packageId: number): Promise<AccountField[]> {
  const row = await db(em)
    .selectFrom('package as p')
    .leftJoin('plugin_instance as i', 'i.id', 'p.plugin_instance_id')
    .select('i.plugin')
    .where('p.id', '=', packageId)
    .executeTakeFirst();
  return row?.plugin ? [...(findPlugin(row.plugin)?.tags ?? [])] : [];
}
