import type { EntityManager } from '@mikro-orm/postgresql';
import { localize } from '../catalog/rules/localize.ts';
import { countHeldMany } from '../inventory/count-held-many.ts';
import type { QuotePrice } from '../pricing/rules/quote.ts';
import { excerpt } from './rules/excerpt.ts';
import { lowestChoice, priceChoices, type PriceChoice } from '../pricing/rules/store-prices.ts';
import { loadStoreViewer } from './load-store-viewer.ts';
import { db } from '../../db/database.ts';

export interface StoreCard {
  id: number;
  slug: string;
  name: string;
  summary: string;
  iconUrl: string | null;
  /** The "from" price in the viewer's currency; null when nothing is orderable in it. */
  from: PriceChoice | null;
  /** Units left when stock is limited; null when unlimited. */
  left: number | null;
}

export interface StoreCatalog {
  id: number;
  name: string;
  description: string;
  packages: StoreCard[];
}

export interface StoreListing {
  currency: { code: string; minorUnits: number };
  catalogs: StoreCatalog[];
}

/**
 * The storefront: catalogs not hidden, with their listed packages (visible ones, plus restricted
 * ones the client is allowed), each priced in the viewer's currency with stock left.
 * NOTE: hidden packages are reachable by slug only and inactive ones are never listed. Five
 * queries whatever the number of packages (viewer, packages, prices, translations, units held).
 */
export async function listStore(em: EntityManager, clientId: number | null, now: Date): Promise<StoreListing> {
  const viewer = await loadStoreViewer(em, clientId);
  const q = db(em);
  const rows = await q
    .selectFrom('package as p')
    .innerJoin('catalog as c', 'c.id', 'p.catalog_id')
    .select([
      'p.id',
      'p.slug',
      'p.name',
      'p.description',
      'p.icon_path',
      'p.stock',
      'c.id as catalog_id',
      'c.name as catalog_name',
      'c.description as catalog_description',
    ])
    .where('c.hidden', '=', false)
    .where((eb) =>
      eb.or([
        eb('p.status', '=', 'visible'),
        eb.and([
          eb('p.status', '=', 'restricted'),
          eb.exists(
            eb
              .selectFrom('client_allowed_package as a')
              .select('a.package_id')
              .whereRef('a.package_id', '=', 'p.id')
              .where('a.client_id', '=', viewer.clientId ?? 0),
          ),
        ]),
      ]),
    )
    .orderBy('c.position')
    .orderBy('c.id')
    .orderBy('p.position')
    .orderBy('p.id')
    .execute();
  const ids = rows.map((r) => r.id);
  const [prices, translations, held] = await Promise.all([
    ids.length
      ? q
          .selectFrom('package_price')
          .select(['package_id', 'name', 'type', 'interval_count', 'period', 'currency', 'price', 'renewal_price', 'setup_fee', 'enabled'])
          .where('package_id', 'in', ids)
          .orderBy('position')
          .orderBy('id')
          .execute()
      : [],
    viewer.language && ids.length
      ? q
          .selectFrom('package_translation')
          .select(['package_id', 'name', 'description'])
          .where('language', '=', viewer.language)
          .where('package_id', 'in', ids)
          .execute()
      : [],
    countHeldMany(em, ids, now),
  ]);
  const pricesOf = new Map<number, QuotePrice[]>();
  for (const p of prices) {
    const list = pricesOf.get(p.package_id) ?? [];
    list.push({
      name: p.name,
      type: p.type,
      intervalCount: p.interval_count,
      period: p.period,
      currency: p.currency,
      price: p.price,
      renewalPrice: p.renewal_price,
      setupFee: p.setup_fee,
      enabled: p.enabled,
    });
    pricesOf.set(p.package_id, list);
  }
  const catalogs: StoreCatalog[] = [];
  for (const r of rows) {
    let catalog = catalogs[catalogs.length - 1];
    if (catalog?.id !== r.catalog_id)
      catalogs.push((catalog = { id: r.catalog_id, name: r.catalog_name, description: r.catalog_description, packages: [] }));
    const text = localize(
      r,
      translations.filter((t) => t.package_id === r.id).map((t) => ({ ...t, language: viewer.language! })),
      viewer.language,
    );
    catalog.packages.push({
      id: r.id,
      slug: r.slug,
      name: text.name,
      summary: excerpt(text.description),
      iconUrl: r.icon_path ? `/uploads/${r.icon_path}` : null,
      from: lowestChoice(priceChoices(pricesOf.get(r.id) ?? [], viewer.currency, viewer.defaultCurrency)),
      left: r.stock === -1 ? null : Math.max(0, r.stock - (held.get(r.id) ?? 0)),
    });
  }
  return { currency: { code: viewer.currency.code, minorUnits: viewer.currency.minorUnits }, catalogs };
}
