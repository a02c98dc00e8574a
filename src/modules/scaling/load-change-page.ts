import type { EntityManager } from '@mikro-orm/postgresql';
import { loadPackage } from '../catalog/load-package.ts';
import { serializePackage } from '../catalog/serialize-package.ts';
import { loadOrderContext } from '../orders/load-order-context.ts';
import { loadService } from '../services/load-service.ts';
import type { ServiceStatus } from '../shared/statuses.ts';
import { optionGroupAmounts, priceChoices, type OptionGroupAmounts, type PriceChoice } from '../pricing/rules/store-prices.ts';
import { parsePriceSnapshot, type PriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import type { GroupValues } from '../orders/rules/option-fields.ts';
import { loadServiceChangeSummary, type PendingChange } from './load-service-change-summary.ts';
import { cancelledChange } from './rules/cancelled-change.ts';
import { db } from '../../db/database.ts';

export interface ChangeTarget {
  id: number;
  name: string;
  /** Recurring and free options in the service's currency (converted where the package has no own row). */
  prices: PriceChoice[];
  groups: OptionGroupAmounts[];
  /** The service's own package, for a change of its upgradable options (only those groups, its own price). */
  current?: boolean;
  /** What the form starts from: the service's options as they are, for a change of options. */
  defaults?: GroupValues;
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

/** The service's own package as a target when it has upgradable option groups: those groups, its price, its options as they are. */
async function ownOptionsTarget(
  em: EntityManager,
  snap: PriceSnapshot,
  packageId: number,
  priceName: string | null,
  ctx: Awaited<ReturnType<typeof loadOrderContext>>,
): Promise<ChangeTarget | null> {
  const pkg = serializePackage(await loadPackage(em, packageId));
  const upgradable = pkg.variantGroups.filter((g) => g.upgradable);
  if (!upgradable.length || !priceName) return null;
  const prices = priceChoices(pkg.prices, ctx.currency, ctx.defaultCurrency).filter((p) => p.name === priceName && p.type === 'recurring');
  if (!prices.length) return null;
  return {
    id: pkg.id,
    name: `${pkg.name}: change options`,
    prices,
    groups: optionGroupAmounts(upgradable, pkg.prices, prices, ctx.currency, ctx.defaultCurrency),
    current: true,
    defaults: valuesOf(upgradable, snap),
  };
}

async function serviceSnapshot(em: EntityManager, serviceId: number) {
  const row = await db(em).selectFrom('service').select('price_snapshot').where('id', '=', serviceId).executeTakeFirstOrThrow();
  return parsePriceSnapshot(row.price_snapshot);
}

/**
 * What a target's form starts from: the service's own value of each group it has (a shared group
 * keeps the 4 extra IPs across a package change), else the group's default (its first option, its
 * minimum, no text).
 */
function valuesOf(
  groups: readonly { id: number; type?: string; minQuantity?: number; options: readonly { id: number }[] }[],
  snap: PriceSnapshot,
): GroupValues {
  const values: GroupValues = { options: {}, quantities: {}, texts: {} };
  for (const g of groups) {
    const picked = g.options.find((o) => (snap.optionIds ?? []).includes(o.id));
    if (g.type === 'quantity') values.quantities[g.id] = String(snap.optionQuantities?.[String(g.id)] ?? g.minQuantity ?? 0);
    else if (g.type === 'text') values.texts[g.id] = snap.optionTexts?.[String(g.id)] ?? '';
    else if (g.type === 'yesno') values.options[g.id] = picked?.id ?? null;
    else values.options[g.id] = picked?.id ?? g.options[0]?.id ?? null;
  }
  return values;
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
  const snap = await serviceSnapshot(em, service.id);
  const own = await ownOptionsTarget(em, snap, service.package.id, service.priceName, ctx);
  if (own) targets.push(own);
  for (const { id } of ids) {
    const pkg = serializePackage(await loadPackage(em, id));
    const prices = priceChoices(pkg.prices, ctx.currency, ctx.defaultCurrency).filter((p) => p.type !== 'onetime');
    if (!prices.length) continue;
    targets.push({
      id: pkg.id,
      name: pkg.name,
      prices,
      groups: optionGroupAmounts(pkg.variantGroups, pkg.prices, prices, ctx.currency, ctx.defaultCurrency),
      defaults: valuesOf(pkg.variantGroups, snap),
    });
  }
  const { pending } = await loadServiceChangeSummary(em, serviceId);
  const unavailable =
    service.status !== 'active'
      ? `A ${service.status} service cannot change package.`
      : service.cancelAt
        ? cancelledChange(service.cancelAt)
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
