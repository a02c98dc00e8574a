import type { EntityManager } from '@mikro-orm/postgresql';
import { Catalog } from './catalog.entities.ts';
import { catalogInput } from './catalog.schemas.ts';
import { claimSlug } from './claim-slug.ts';
import { NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/** `raw` may be partial (API PATCH): missing fields keep their stored values. */
export async function updateCatalog(em: EntityManager, id: number, raw: Record<string, unknown>) {
  return em.transactional(async (tx) => {
    const catalog = await tx.findOne(Catalog, { id });
    if (!catalog) throw new NotFound('That catalog');
    const input = parseInput(catalogInput, {
      name: catalog.name,
      slug: catalog.slug,
      description: catalog.description,
      hidden: catalog.hidden,
      ...raw,
    });
    input.slug = await claimSlug(tx, 'catalog', input.slug, input.name, catalog.id);
    tx.assign(catalog, input);
    return catalog;
  });
}
