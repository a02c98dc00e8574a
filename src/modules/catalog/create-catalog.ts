import type { EntityManager } from '@mikro-orm/postgresql';
import { Catalog } from './catalog.entities.ts';
import { catalogInput } from './catalog.schemas.ts';
import { claimSlug } from './claim-slug.ts';
import { parseInput } from '../shared/validation.ts';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { lockListEnd } from './lock-list-end.ts';

/** A new catalog, last in the display order. */
export async function createCatalog(em: EntityManager, raw: unknown) {
  const input = parseInput(catalogInput, raw);
  return em.transactional(async (tx) => {
    const slug = await claimSlug(tx, 'catalog', input.slug, input.name);
    await lockListEnd(tx, 'catalog');
    const { max } = await db(tx)
      .selectFrom('catalog')
      .select(sql<number>`coalesce(max(position), 0)::int`.as('max'))
      .executeTakeFirstOrThrow();
    const catalog = tx.create(Catalog, { ...input, slug, position: max + 1 });
    await tx.flush();
    return catalog;
  });
}
