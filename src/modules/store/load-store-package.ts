import type { EntityManager } from '@mikro-orm/postgresql';
import { Package } from '../catalog/catalog.entities.ts';
import { loadPackage } from '../catalog/load-package.ts';
import { localize } from '../catalog/rules/localize.ts';
import { SLUG_MAX, SLUG_PATTERN } from '../catalog/rules/slug.ts';
import type { PackageStatus } from '../catalog/rules/constants.ts';
import { serializePackage, type PackageDetail } from '../catalog/serialize-package.ts';
import { countHeld } from '../inventory/count-held.ts';
import { orderableProblem } from '../orders/rules/availability.ts';
import { NotFound } from '../shared/errors.ts';
import { optionGroupAmounts, priceChoices, type PriceChoice } from '../pricing/rules/store-prices.ts';
import type { StoreViewer } from './load-store-viewer.ts';
import { db } from '../../db/database.ts';

export interface StoreOption {
  id: number;
  name: string;
  /** The option's price with each pricing option (by name); null where it is not offered. */
  amounts: { priceName: string; price: string; setupFee: string }[];
}

export interface StorePackage {
  id: number;
  slug: string;
  name: string;
  /** Sanitized on save; the page renders it inside hx-disable. */
  description: string;
  iconUrl: string | null;
  catalogName: string;
  status: PackageStatus;
  /** Why it cannot be ordered (inactive), or null. */
  unavailable: string | null;
  allowQuantity: boolean;
  /** Units left when stock is limited; null when unlimited. */
  left: number | null;
  /** The per-client limit and what the viewer holds of it already (none for a visitor); null when there is none. */
  perClient: { limit: number; held: number } | null;
  currency: { code: string; minorUnits: number };
  prices: PriceChoice[];
  groups: { id: number; name: string; options: StoreOption[] }[];
}

/**
 * A package as its store page shows it, by slug. Hidden packages are reachable here; restricted
 * ones only for clients on the allow-list (anyone else gets a 404, so their existence is not
 * revealed); inactive ones are shown as no longer available.
 */
export async function loadStorePackage(
  em: EntityManager,
  slug: string,
  viewer: StoreViewer,
  now: Date,
  opts: { staff?: boolean } = {},
): Promise<{ detail: PackageDetail; page: StorePackage }> {
  if (typeof slug !== 'string' || slug.length > SLUG_MAX || !SLUG_PATTERN.test(slug)) throw new NotFound('That package');
  const found = await em.findOne(Package, { slug }, { fields: ['id'] });
  if (!found) throw new NotFound('That package');
  const detail = serializePackage(await loadPackage(em, found.id));
  // NOTE: staff adding a package for a client see it whatever its allow-list says.
  if (detail.status === 'restricted' && !opts.staff) {
    const allowed =
      viewer.clientId !== null &&
      !!(await db(em)
        .selectFrom('client_allowed_package')
        .select('client_id')
        .where('client_id', '=', viewer.clientId)
        .where('package_id', '=', detail.id)
        .executeTakeFirst());
    if (!allowed) throw new NotFound('That package');
  }
  const text = localize(detail, detail.translations, viewer.language);
  const prices = priceChoices(detail.prices, viewer.currency, viewer.defaultCurrency);
  const held = detail.stock === -1 ? 0 : await countHeld(em, detail.id, now);
  const heldByViewer = detail.perUserLimit === -1 || viewer.clientId === null ? 0 : await countHeld(em, detail.id, now, viewer.clientId);
  return {
    detail,
    page: {
      id: detail.id,
      slug: detail.slug,
      name: text.name,
      description: text.description,
      iconUrl: detail.iconUrl,
      catalogName: detail.catalogName,
      status: detail.status,
      unavailable: orderableProblem(detail.status, true),
      allowQuantity: detail.allowQuantity,
      left: detail.stock === -1 ? null : Math.max(0, detail.stock - held),
      perClient: detail.perUserLimit === -1 ? null : { limit: detail.perUserLimit, held: heldByViewer },
      currency: { code: viewer.currency.code, minorUnits: viewer.currency.minorUnits },
      prices,
      groups: optionGroupAmounts(detail.variantGroups, detail.prices, prices, viewer.currency, viewer.defaultCurrency),
    },
  };
}
