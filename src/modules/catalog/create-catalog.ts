import type { EntityManager } from '@mikro-orm/postgresql';
import { Catalog } from './catalog.entities.ts';
import { catalogInput } from './catalog.schemas.ts';
import { claimSlug } from './claim-slug.ts';
import { parseInput } from '../shared/validation.ts';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

export async function createCatalog(em: EntityManager, raw: unknown) {
  const input = parseInput(catalogInput, raw);
  const slug = await claimSlug(em, 'catalog', input.slug, input.name);
  const { max } = await db(em)
    .selectFrom('catalog')
    .select(sql<number>`coalesce(max(position), 0)::int`.as('max'))
    .executeTakeFirstOrThrow();
  const catalog = em.create(Catalog, { ...input, slug, position: max + 1 });
  await em.flush();
  return catalog;
}
