import type { EntityManager } from '@mikro-orm/postgresql';
import { Catalog } from './catalog.entities.ts';
import { catalogInput } from './catalog.schemas.ts';
import { claimSlug } from './claim-slug.ts';
import { parseInput } from '../shared/validation.ts';
import { nextPosition } from './lock-list-end.ts';

/** A new catalog, last in the display order. */
export async function createCatalog(em: EntityManager, raw: unknown) {
  const input = parseInput(catalogInput, raw);
  return em.transactional(async (tx) => {
    const slug = await claimSlug(tx, 'catalog', input.slug, input.name);
    const catalog = tx.create(Catalog, { ...input, slug, position: await nextPosition(tx, 'catalog') });
    await tx.flush();
    return catalog;
  });
}
