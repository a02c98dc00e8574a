import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { cached } from '../../db/cache.ts';
import { statement } from '../../db/statement.ts';
import { deepFreeze } from '../shared/deep-freeze.ts';
import { effectiveOptionPrices, type PackageDetail } from './serialize-package.ts';
import { isRowId } from '../shared/row-id.ts';

/** What pricing an order needs of a package, and nothing else. */
export type QuotablePackage = Pick<
  PackageDetail,
  'id' | 'name' | 'stock' | 'allowQuantity' | 'proRata' | 'proRataDay' | 'proRataCutoffDay' | 'taxable' | 'prices' | 'variantGroups'
>;

/** Every table loadQuotablePackage reads: a write to any of them drops its cached answers. */
const QUOTABLE_TABLES = [
  'package',
  'package_price',
  'package_option_group',
  'package_option_price',
  'variant_group',
  'variant_option',
  'variant_option_price',
];

/**
 * A package narrowed to one price name: its flags, that price in every currency, and every
 * option group with each option's prices for that name, in one statement.
 * NOTE: this is the read checkout and the API's quotes run on every call; loadPackage (with
 * translations, welcome emails, scaling targets and the catalog) is for the editor. Amounts are
 * cast to text inside the JSON so no numeric passes through a float.
 * NOTE (cache): in a web process the answer is kept until a table it was read from changes
 * (db/cache.ts), so a cart's lines cost no read at all; inside a transaction it is read afresh.
 * What it returns is frozen: one copy serves every request.
 */
export async function loadQuotablePackage(em: EntityManager, id: number, priceName: string): Promise<QuotablePackage | null> {
  if (!isRowId(id)) return null;
  return cached(em, `quotable:${id}:${priceName}`, QUOTABLE_TABLES, async () => deepFreeze(await readQuotable(em, id, priceName)));
}

async function readQuotable(em: EntityManager, id: number, priceName: string): Promise<QuotablePackage | null> {
  const [row] = await quotable.rows(em, { id, priceName });
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    stock: row.stock,
    allowQuantity: row.allow_quantity,
    proRata: row.pro_rata,
    proRataDay: row.pro_rata_day ?? null,
    proRataCutoffDay: row.pro_rata_cutoff_day ?? null,
    taxable: row.taxable,
    prices: row.prices.map((p) => ({ ...p, intervalCount: p.intervalCount ?? null, period: p.period ?? null })),
    variantGroups: row.variantGroups.map(({ options, ...g }) => ({
      ...g,
      options: options.map(({ own, prices, ...o }) => ({ ...o, prices: effectiveOptionPrices(prices, own) })),
    })),
  };
}

/** The one statement loadQuotablePackage runs, built once. */
const quotable = statement((q, v: { id: number; priceName: string }) =>
  q
    .selectFrom('package as p')
    .select(['p.id', 'p.name', 'p.stock', 'p.allow_quantity', 'p.pro_rata', 'p.pro_rata_day', 'p.pro_rata_cutoff_day', 'p.taxable'])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('package_price as pp')
          .select([
            'pp.id',
            'pp.name',
            'pp.type',
            'pp.interval_count as intervalCount',
            'pp.period',
            'pp.currency',
            'pp.cancel_at_end_of_term as cancelAtEndOfTerm',
            'pp.enabled',
          ])
          .select([
            sql<string>`pp.price::text`.as('price'),
            sql<string | null>`pp.renewal_price::text`.as('renewalPrice'),
            sql<string>`pp.setup_fee::text`.as('setupFee'),
            sql<string>`pp.cancellation_fee::text`.as('cancellationFee'),
          ])
          .whereRef('pp.package_id', '=', 'p.id')
          .where('pp.name', '=', v.priceName)
          .orderBy('pp.position')
          .orderBy('pp.id'),
      ).as('prices'),
      jsonArrayFrom(
        eb
          .selectFrom('package_option_group as pg')
          .innerJoin('variant_group as g', 'g.id', 'pg.group_id')
          .select([
            'g.id',
            'g.name',
            'g.type',
            'g.display',
            'g.min_quantity as minQuantity',
            'g.max_quantity as maxQuantity',
            'g.pattern',
            'g.upgradable',
          ])
          .select((g) => [
            jsonArrayFrom(
              g
                .selectFrom('variant_option as o')
                .select(['o.id', 'o.name'])
                .select((o) => [
                  jsonArrayFrom(
                    o
                      .selectFrom('variant_option_price as vp')
                      .select([
                        'vp.price_name as priceName',
                        'vp.currency',
                        sql<string>`vp.price::text`.as('price'),
                        sql<string>`vp.setup_fee::text`.as('setupFee'),
                      ])
                      .whereRef('vp.option_id', '=', 'o.id')
                      .where('vp.price_name', '=', v.priceName)
                      .orderBy('vp.currency'),
                  ).as('prices'),
                  jsonArrayFrom(
                    o
                      .selectFrom('package_option_price as op')
                      .select([
                        'op.price_name as priceName',
                        'op.currency',
                        sql<string>`op.price::text`.as('price'),
                        sql<string>`op.setup_fee::text`.as('setupFee'),
                      ])
                      .whereRef('op.option_id', '=', 'o.id')
                      .where('op.package_id', '=', v.id)
                      .where('op.price_name', '=', v.priceName),
                  ).as('own'),
                ])
                .whereRef('o.group_id', '=', 'g.id')
                .orderBy('o.position')
                .orderBy('o.id'),
            ).as('options'),
          ])
          .whereRef('pg.package_id', '=', 'p.id')
          .orderBy('pg.position')
          .orderBy('pg.id'),
      ).as('variantGroups'),
    ])
    .where('p.id', '=', v.id),
);
