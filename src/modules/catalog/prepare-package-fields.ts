import type { EntityManager } from '@mikro-orm/postgresql';
import { Catalog } from './catalog.entities.ts';
import type { PackageInput } from './catalog.schemas.ts';
import { claimSlug } from './claim-slug.ts';
import { sanitizeDescription } from '../shared/staff-html.ts';
import { DomainError } from '../shared/errors.ts';

/** Turns validated summary input into entity fields: catalog checked, slug claimed, HTML sanitized. */
export async function preparePackageFields(em: EntityManager, input: PackageInput, selfId?: number) {
  const catalog = await em.findOne(Catalog, { id: input.catalogId });
  if (!catalog) throw new DomainError('Choose a catalog that exists.', 'catalogId');
  const { catalogId: _, ...rest } = input;
  return {
    ...rest,
    catalog,
    slug: await claimSlug(em, 'package', input.slug, input.name, selfId),
    description: sanitizeDescription(input.description),
    proRataDay: input.proRata ? input.proRataDay : null,
    proRataCutoffDay: input.proRata ? input.proRataCutoffDay : null,
  };
}
