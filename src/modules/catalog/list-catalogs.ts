import type { EntityManager } from '@mikro-orm/postgresql';

export async function listCatalogs(em: EntityManager) {
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select c.id, c.name, c.slug, c.description, c.hidden, c.position,
            (select count(*) from package p where p.catalog_id = c.id)::int as package_count
       from catalog c order by c.position, c.id`,
  );
  return rows.map((r) => ({
    id: r.id as number,
    name: r.name as string,
    slug: r.slug as string,
    description: r.description as string,
    hidden: r.hidden as boolean,
    position: r.position as number,
    packageCount: r.package_count as number,
  }));
}
