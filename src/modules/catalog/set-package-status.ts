import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from './catalog.entities.ts';
import { PACKAGE_STATUSES, type PackageStatus } from './rules/constants.ts';
import { DomainError, NotFound } from '../shared/errors.ts';

export async function setPackageStatus(em: EntityManager, id: number, status: PackageStatus) {
  if (!PACKAGE_STATUSES.includes(status)) throw new DomainError('Choose a valid status.', 'status');
  const n = await em.nativeUpdate(Package, { id }, { status });
  if (!n) throw new NotFound('That package');
}
