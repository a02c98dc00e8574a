import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/** Every other package, grouped by catalog order, for the Scaling tab's checklist. */
export async function listScalingCandidates(em: EntityManager, packageId: number) {
  const rows = await db(em)
    .selectFrom('package as p')
    .innerJoin('catalog as c', 'c.id', 'p.catalog_id')
    .select(['p.id', 'p.name', 'c.name as catalog_name', 'p.status'])
    .where('p.id', '<>', packageId)
    .orderBy('c.position')
    .orderBy('p.position')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, catalogName: r.catalog_name, status: r.status }));
}
