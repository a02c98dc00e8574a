import type { EntityManager } from '@mikro-orm/postgresql';
import { loadPackage } from '../catalog/load-package.ts';
import { localize } from '../catalog/rules/localize.ts';
import { serializePackage } from '../catalog/serialize-package.ts';
import { countHeld } from '../inventory/count-held.ts';
import { loadParentTerm, type AddonParent } from '../orders/load-addon-parent.ts';
import { priceChoices, type PriceChoice } from '../pricing/rules/store-prices.ts';
import { storeCurrencies } from '../settings/store-currencies.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { db } from '../../db/database.ts';
import { loadStoreViewer } from './load-store-viewer.ts';
import { storeOptionGroups, type StoreOption } from './load-store-package.ts';

export interface AddonPackageOffer {
  id: number;
  name: string;
  /** Sanitized on save; rendered inside hx-disable. */
  description: string;
  allowQuantity: boolean;
  /** Units left when stock is limited; null when unlimited. */
  left: number | null;
  /** Only the prices of the parent's term, in the parent's currency. */
  prices: PriceChoice[];
  groups: { id: number; name: string; options: StoreOption[] }[];
}

export interface AddonOffers {
  parent: AddonParent | null;
  /** Why the service takes no add-ons now, or null. */
  problem: string | null;
  currency: { code: string; minorUnits: number };
  groups: { id: number; name: string; packages: AddonPackageOffer[] }[];
}

/**
 * What a client may add to a running service: the packages of the add-on groups its package
 * offers, in group order, each with its prices of the service's term in the service's currency.
 * Listed like the store lists packages: visible ones, and restricted ones the client is allowed.
 */
export async function listAddonOffers(em: EntityManager, clientId: number, serviceId: number, now: Date): Promise<AddonOffers> {
  const viewer = await loadStoreViewer(em, clientId);
  let parent: AddonParent | null = null;
  let problem: string | null = null;
  try {
    parent = await loadParentTerm(em, clientId, serviceId, calendarDateOf(now));
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    problem = err.message;
  }
  const found = (await storeCurrencies(em)).find((c) => c.code === parent?.currency);
  const currency = found ? { code: found.code, minorUnits: found.minorUnits, rate: found.isDefault ? '1' : found.rate } : viewer.currency;
  const empty: AddonOffers = { parent, problem, currency, groups: [] };
  if (!parent) return empty;
  const rows = await db(em)
    .selectFrom('package_addon_group as o')
    .innerJoin('addon_group as g', 'g.id', 'o.addon_group_id')
    .innerJoin('addon_group_package as m', 'm.addon_group_id', 'g.id')
    .innerJoin('package as p', 'p.id', 'm.package_id')
    .innerJoin('catalog as c', 'c.id', 'p.catalog_id')
    .leftJoin('client_allowed_package as a', (j) => j.onRef('a.package_id', '=', 'p.id').on('a.client_id', '=', clientId))
    .select(['g.id as group_id', 'g.name as group_name', 'g.names', 'p.id as package_id'])
    .where('o.package_id', '=', parent.packageId)
    .where((eb) => eb.or([eb('p.status', '=', 'visible'), eb.and([eb('p.status', '=', 'restricted'), eb('a.client_id', 'is not', null)])]))
    .orderBy('g.position')
    .orderBy('g.id')
    .orderBy('c.position')
    .orderBy('p.position')
    .orderBy('p.id')
    .execute();
  const term = parent.coTerm.term;
  const offers = new Map<number, AddonPackageOffer | null>();
  for (const id of new Set(rows.map((r) => r.package_id))) {
    const detail = serializePackage(await loadPackage(em, id));
    const prices = priceChoices(detail.prices, currency, viewer.defaultCurrency).filter((p) => p.type === 'recurring' && p.intervalCount === term.intervalCount && p.period === term.period);
    if (!prices.length) {
      offers.set(id, null);
      continue;
    }
    const text = localize(detail, detail.translations, viewer.language);
    const held = detail.stock === -1 ? 0 : await countHeld(em, id, now);
    offers.set(id, {
      id,
      name: text.name,
      description: text.description,
      allowQuantity: detail.allowQuantity,
      left: detail.stock === -1 ? null : Math.max(0, detail.stock - held),
      prices,
      groups: storeOptionGroups(detail, prices, currency, viewer.defaultCurrency),
    });
  }
  const groups = new Map<number, AddonOffers['groups'][number]>();
  for (const r of rows) {
    const offer = offers.get(r.package_id);
    if (!offer) continue;
    const group = groups.get(r.group_id) ?? { id: r.group_id, name: (viewer.language && r.names[viewer.language]) || r.group_name, packages: [] };
    group.packages.push(offer);
    groups.set(r.group_id, group);
  }
  return { ...empty, groups: [...groups.values()] };
}
