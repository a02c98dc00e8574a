import type { EntityManager } from '@mikro-orm/postgresql';
import { loadPackage } from '../catalog/load-package.ts';
import { serializePackage } from '../catalog/serialize-package.ts';
import { loadOrderContext } from '../orders/load-order-context.ts';
import { loadService } from '../services/load-service.ts';
import type { ServiceStatus } from '../shared/statuses.ts';
import { optionGroupAmounts, priceChoices, type PriceChoice } from '../pricing/rules/store-prices.ts';
import { loadServiceChangeSummary, type PendingChange } from './load-service-change-summary.ts';
import { db } from '../../db/database.ts';

export interface ChangeTarget {
  id: number;
  name: string;
  /** Recurring and free options in the service's currency (converted where the package has no own row). */
  prices: PriceChoice[];
  groups: { id: number; name: string; options: { id: number; name: string; amounts: { priceName: string; price: string }[] }[] }[];
}

export interface ChangePage {
  service: {
    id: number;
    clientId: number;
    clientName: string;
    status: ServiceStatus;
    packageName: string;
    priceName: string | null;
    renewal: string | null;
    currency: { code: string; minorUnits: number };
    nextDueDate: string | null;
  };
  targets: ChangeTarget[];
  /** Why the service cannot change package now, or null. */
  unavailable: string | null;
  pending: PendingChange | null;
}

/** A service's change-package page: the packages it may move to, priced in its currency. */
export async function loadChangePage(em: EntityManager, serviceId: number, clientId?: number): Promise<ChangePage> {
  const service = await loadService(em, serviceId, clientId);
  const ctx = await loadOrderContext(em, { currency: service.currency });
  const ids = await db(em)
    .selectFrom('package_scaling as ps')
    .innerJoin('package as p', 'p.id', 'ps.target_package_id')
    .select('p.id')
    .where('ps.package_id', '=', service.package.id)
    .where('p.status', '<>', 'inactive')
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
  const targets: ChangeTarget[] = [];
  for (const { id } of ids) {
    const pkg = serializePackage(await loadPackage(em, id));
    const prices = priceChoices(pkg.prices, ctx.currency, ctx.defaultCurrency).filter((p) => p.type !== 'onetime');
    if (!prices.length) continue;
    targets.push({
      id: pkg.id,
      name: pkg.name,
      prices,
      groups: optionGroupAmounts(pkg.variantGroups, pkg.prices, prices, ctx.currency, ctx.defaultCurrency),
    });
  }
  const { pending } = await loadServiceChangeSummary(em, serviceId);
  const unavailable =
    service.status !== 'active'
      ? `A ${service.status} service cannot change package.`
      : !targets.length
        ? `${service.package.name} has no other packages to move to.`
        : null;
  return {
    service: {
      id: service.id,
      clientId: service.client.id,
      clientName: service.client.name,
      status: service.status,
      packageName: service.package.name,
      priceName: service.priceName,
      renewal: service.renewal,
      currency: { code: ctx.currency.code, minorUnits: ctx.currency.minorUnits },
      nextDueDate: service.nextDueDate,
    },
    targets,
    unavailable,
    pending,
  };
}
