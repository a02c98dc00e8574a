import type { EntityManager } from '@mikro-orm/postgresql';
import { packageInput } from './catalog.schemas.ts';
import { loadPackage } from './load-package.ts';
import { preparePackageFields } from './prepare-package-fields.ts';
import { parseInput } from '../shared/validation.ts';

export function packageSummary(pkg: Awaited<ReturnType<typeof loadPackage>>) {
  return {
    catalogId: pkg.catalog.id,
    name: pkg.name,
    slug: pkg.slug,
    description: pkg.description,
    stock: pkg.stock,
    perUserLimit: pkg.perUserLimit,
    allowCancellation: pkg.allowCancellation,
    allowQuantity: pkg.allowQuantity,
    status: pkg.status,
    taxable: pkg.taxable,
    useRenewalPricesForUpgrades: pkg.useRenewalPricesForUpgrades,
    proRata: pkg.proRata,
    proRataDay: pkg.proRataDay ?? null,
    proRataCutoffDay: pkg.proRataCutoffDay ?? null,
  };
}

/** `raw` may be partial (API PATCH): missing fields keep their stored values. */
export async function updatePackage(em: EntityManager, id: number, raw: Record<string, unknown>) {
  const pkg = await loadPackage(em, id);
  const input = parseInput(packageInput, { ...packageSummary(pkg), ...raw });
  em.assign(pkg, await preparePackageFields(em, input, pkg.id));
  await em.flush();
  return pkg;
}
