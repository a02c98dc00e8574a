import type { EntityManager } from '@mikro-orm/postgresql';
import { packageInput } from './catalog.schemas.ts';
import { loadPackage } from './load-package.ts';
import { preparePackageFields } from './prepare-package-fields.ts';
import { serializePackage } from './serialize-package.ts';
import { parseInput } from '../shared/validation.ts';
import { nextPosition } from './lock-list-end.ts';

/** The summary fields as the package input schema takes them. */
export function packageSummary(pkg: Awaited<ReturnType<typeof loadPackage>>) {
  const d = serializePackage(pkg);
  const {
    catalogId,
    name,
    slug,
    description,
    stock,
    perUserLimit,
    allowCancellation,
    allowQuantity,
    status,
    taxable,
    useRenewalPricesForUpgrades,
    proRata,
    proRataDay,
    proRataCutoffDay,
  } = d;
  return {
    catalogId,
    name,
    slug,
    description,
    stock,
    perUserLimit,
    allowCancellation,
    allowQuantity,
    status,
    taxable,
    useRenewalPricesForUpgrades,
    proRata,
    proRataDay,
    proRataCutoffDay,
  };
}

/** `raw` may be partial (API PATCH): missing fields keep their stored values. */
export async function updatePackage(em: EntityManager, id: number, raw: Record<string, unknown>) {
  return em.transactional(async (tx) => {
    const pkg = await loadPackage(tx, id);
    const input = parseInput(packageInput, { ...packageSummary(pkg), ...raw });
    const moved = input.catalogId !== pkg.catalog.id;
    tx.assign(pkg, await preparePackageFields(tx, input, pkg.id));
    // Moved to another catalog: last there, as a new package would be.
    if (moved) pkg.position = await nextPosition(tx, 'package', input.catalogId);
    await tx.flush();
    return pkg;
  });
}
