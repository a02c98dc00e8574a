import type { EntityManager } from '@mikro-orm/postgresql';
import { loadPackage } from '../catalog/load-package.ts';
import { localize } from '../catalog/rules/localize.ts';
import { serializePackage } from '../catalog/serialize-package.ts';
import { countHeld } from '../inventory/count-held.ts';
import type { Term } from '../pricing/rules/billing-cycle.ts';
import type { OrderCurrency } from '../pricing/rules/quote.ts';
import { optionGroupAmounts, priceChoices, type PriceChoice } from '../pricing/rules/store-prices.ts';
import { db } from '../../db/database.ts';
import type { StoreOption } from './load-store-package.ts';

export interface AddonPackageOffer {
  id: number;
  name: string;
  /** Sanitized on save; rendered inside hx-disable. */
  description: string;
  allowQuantity: boolean;
  /** Units left when stock is limited; null when unlimited. */
  left: number | null;
  /** Its recurring prices in the currency shown (only those of one term, when a term was given). */
  prices: PriceChoice[];
  groups: { id: number; name: string; options: StoreOption[] }[];
}

export interface AddonGroupOffer {
  id: number;
  name: string;
  packages: AddonPackageOffer[];
}

/** Whether a recurring price is of `term`. */
export const ofTerm = (p: Pick<PriceChoice, 'type' | 'intervalCount' | 'period'>, term: Term) =>
  p.type === 'recurring' && p.intervalCount === term.intervalCount && p.period === term.period;

/**
 * The add-ons a package offers, as the store shows them: the packages of its add-on groups in
 * group order, listed like the store lists packages (visible ones, and restricted ones the client
 * is allowed), each with its recurring prices in `currency` (of `term` only, when given) and
 * its option groups. A package with no such price is left out.
 */
export async function listPackageAddons(
  em: EntityManager,
  packageId: number,
  viewer: { clientId: number | null; language: string | null; currency: OrderCurrency; defaultCurrency: string },
  now: Date,
  term?: Term,
): Promise<AddonGroupOffer[]> {
  const rows = await db(em)
    .selectFrom('package_addon_group as o')
    .innerJoin('addon_group as g', 'g.id', 'o.addon_group_id')
    .innerJoin('addon_group_package as m', 'm.addon_group_id', 'g.id')
    .innerJoin('package as p', 'p.id', 'm.package_id')
    .innerJoin('catalog as c', 'c.id', 'p.catalog_id')
    .leftJoin('client_allowed_package as a', (j) => j.onRef('a.package_id', '=', 'p.id').on('a.client_id', '=', viewer.clientId ?? 0))
    .select(['g.id as group_id', 'g.name as group_name', 'g.names', 'p.id as package_id'])
    .where('o.package_id', '=', packageId)
    .where((eb) => eb.or([eb('p.status', '=', 'visible'), eb.and([eb('p.status', '=', 'restricted'), eb('a.client_id', 'is not', null)])]))
    .orderBy('g.position')
    .orderBy('g.id')
    .orderBy('c.position')
    .orderBy('p.position')
    .orderBy('p.id')
    .execute();
  const offers = new Map<number, AddonPackageOffer | null>();
  for (const id of new Set(rows.map((r) => r.package_id))) {
    const detail = serializePackage(await loadPackage(em, id));
    const prices = priceChoices(detail.prices, viewer.currency, viewer.defaultCurrency).filter((p) =>
      term ? ofTerm(p, term) : p.type === 'recurring',
    );
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
      groups: optionGroupAmounts(detail.variantGroups, detail.prices, prices, viewer.currency, viewer.defaultCurrency),
    });
  }
  const groups = new Map<number, AddonGroupOffer>();
  for (const r of rows) {
    const offer = offers.get(r.package_id);
    if (!offer) continue;
    const group = groups.get(r.group_id) ?? {
      id: r.group_id,
      name: (viewer.language && r.names[viewer.language]) || r.group_name,
      packages: [],
    };
    group.packages.push(offer);
    groups.set(r.group_id, group);
  }
  return [...groups.values()];
}
