import type { EntityManager } from '@mikro-orm/postgresql';
import { PackagePrice } from './catalog.entities.ts';
import { NotFound } from '../shared/errors.ts';

/** Services keep their own price snapshot, so removing a price never changes what they pay. */
export async function removePrice(em: EntityManager, packageId: number, priceId: number) {
  const n = await em.nativeDelete(PackagePrice, { id: priceId, package: packageId });
  if (!n) throw new NotFound('That price');
}
