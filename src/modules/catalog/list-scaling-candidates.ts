import type { EntityManager } from '@mikro-orm/postgresql';

/** Every other package, grouped by catalog order, for the Scaling tab's checklist. */
export async function listScalingCandidates(em: EntityManager, packageId: number) {
  const rows = await em.getConnection().execute<{ id: number; name: string; catalog_name: string; status: string }[]>(
    `select p.id, p.name, c.name as catalog_name, p.status from package p join catalog c on c.id = p.catalog_id
      where p.id <> ? order by c.position, p.position, p.id`,
    [packageId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, catalogName: r.catalog_name, status: r.status }));
}
