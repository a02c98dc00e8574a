import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from './clients.entities.ts';
import { allowedPackagesInput } from './clients.schemas.ts';
import { Package } from '../catalog/catalog.entities.ts';
import { PackageStatus } from '../catalog/rules/constants.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

/** Replaces the client's allow-list of restricted packages with exactly these. */
export async function setAllowedPackages(em: EntityManager, clientId: number, raw: unknown) {
  const { packageIds } = parseInput(allowedPackagesInput, raw);
  const client = await em.findOne(Client, { id: clientId }, { populate: ['allowedPackages'] });
  if (!client) throw new NotFound('That client');
  const ids = [...new Set(packageIds)];
  const packages = ids.length ? await em.find(Package, { id: { $in: ids } }) : [];
  if (packages.length !== ids.length) throw new DomainError('Choose packages that exist.', 'packageIds');
  const open = packages.find((p) => p.status !== PackageStatus.restricted);
  if (open) throw new DomainError(`"${open.name}" is not restricted; only restricted packages have an allow-list.`, 'packageIds');
  client.allowedPackages.set(packages);
  await em.flush();
  return ids.sort((a, b) => a - b);
}
