import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

export interface PackageChoice {
  id: number;
  name: string;
  catalogName: string;
  status: string;
}

/** Packages in catalog order for a checklist (scaling targets, an add-on group's packages), but `except`. */
export async function listPackageChoices(em: EntityManager, except?: number): Promise<PackageChoice[]> {
  let q = db(em)
    .selectFrom('package as p')
    .innerJoin('catalog as c', 'c.id', 'p.catalog_id')
    .select(['p.id', 'p.name', 'c.name as catalog_name', 'p.status'])
    .orderBy('c.position')
    .orderBy('p.position')
    .orderBy('p.id');
  if (except !== undefined) q = q.where('p.id', '<>', except);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, name: r.name, catalogName: r.catalog_name, status: r.status }));
}
