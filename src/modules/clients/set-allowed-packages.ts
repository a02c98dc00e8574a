import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Client } from './clients.entities.ts';
import { allowedPackagesInput } from './clients.schemas.ts';
import { Package } from '../catalog/catalog.entities.ts';
import { PackageStatus } from '../catalog/rules/constants.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/**
 * Replaces the client's allow-list of restricted packages with exactly these.
 * NOTE: under a lock of the client row, so the same list sent twice at once runs once after the
 * other and the second finds nothing to add.
 */
export async function setAllowedPackages(em: EntityManager, clientId: number, raw: unknown) {
  const { packageIds } = parseInput(allowedPackagesInput, raw);
  return em.transactional(async (tx) => {
    const client = await tx.findOne(Client, { id: clientId }, { populate: ['allowedPackages'], lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!client) throw new NotFound('That client');
    const ids = [...new Set(packageIds)];
    const packages = ids.length ? await tx.find(Package, { id: { $in: ids } }) : [];
    if (packages.length !== ids.length) throw new DomainError('Choose packages that exist.', 'packageIds');
    const open = packages.find((p) => p.status !== PackageStatus.restricted);
    if (open) throw new DomainError(`"${open.name}" is not restricted; only restricted packages have an allow-list.`, 'packageIds');
    client.allowedPackages.set(packages);
    return ids.sort((a, b) => a - b);
  });
}
