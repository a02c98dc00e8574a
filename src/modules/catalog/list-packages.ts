import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import { cachedWithTags } from '../../db/cache.ts';
import { countAll, db, type Database } from '../../db/database.ts';
import { executePrepared } from '../../db/prepared.ts';
import { PACKAGE_STATUSES } from './rules/constants.ts';
import { HOLDING_STATUSES } from '../shared/statuses.ts';
import { parseInput } from '../shared/validation.ts';

export const SORTS = ['position', 'name', 'created', 'stock', 'in_use'] as const;

export const listPackagesQuery = z.object({
  q: z.string().trim().max(200, 'Search for at most 200 characters.').optional().default(''),
  catalog: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number({ error: 'Choose a catalog.' }).int().min(1).max(2_147_483_647).optional(),
  ),
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(PACKAGE_STATUSES, { error: 'Choose a status.' }).optional()),
  sort: z.preprocess((v) => (v === '' ? undefined : v), z.enum(SORTS, { error: 'Choose a sort order.' }).default('position')),
  dir: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['asc', 'desc'], { error: 'Choose asc or desc.' }).default('asc')),
  page: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number({ error: 'Choose a page.' }).int().min(1).max(100_000).default(1)),
  perPage: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(200).default(25)),
});
export type ListPackagesQuery = z.infer<typeof listPackagesQuery>;

export interface PackageRow {
  id: number;
  name: string;
  slug: string;
  status: (typeof PACKAGE_STATUSES)[number];
  stock: number;
  inUse: number;
  catalogId: number;
  catalogName: string;
  priceCount: number;
  iconPath: string | null;
  createdAt: Date;
}

type PackageQuery = SelectQueryBuilder<Database & { p: Database['package']; c: Database['catalog'] }, 'p' | 'c', object>;

/** The order of each sort, each ending in the id so pages are stable. */
const ORDER: Record<(typeof SORTS)[number], (qb: PackageQuery, dir: 'asc' | 'desc') => PackageQuery> = {
  position: (qb, dir) => qb.orderBy('c.position', dir).orderBy('p.position', dir).orderBy('p.id', dir),
  name: (qb, dir) => qb.orderBy(sql`lower(p.name)`, dir).orderBy('p.id', dir),
  created: (qb, dir) => qb.orderBy('p.created_at', dir).orderBy('p.id', dir),
  stock: (qb, dir) => qb.orderBy('p.stock', dir).orderBy('p.id', dir),
  in_use: (qb, dir) => qb.orderBy(sql.ref('in_use'), dir).orderBy('p.id', dir),
};

/**
 * The staff list: filters, sort, page, and units in use per package.
 * NOTE: units in use counts holding services (pending/active/suspended); the count is taken
 * from an index on (package_id, status), so the page stays fast with many services.
 */
export async function listPackages(em: EntityManager, raw: unknown) {
  const q = parseInput(listPackagesQuery, raw);
  // The order by units in use depends on every package's count, not only the page's: read live.
  if (q.sort === 'in_use') return readPackagePage(em, q);
  // NOTE: a page is kept in memory until a write to what it shows: any package, catalog or price
  // (whose rows or total it may change), or the holding services of a package on it (its units in
  // use, `held:<id>`). Staff open the list far more often than those change; every web process
  // hears of a write on commit (src/db/cache.ts).
  return cachedWithTags(em, `package-page:${JSON.stringify(q)}`, async () => {
    const page = await readPackagePage(em, q);
    return { value: page, tags: ['package', 'catalog', 'package_price', ...page.items.map((p) => `held:${p.id}`)] };
  });
}

async function readPackagePage(em: EntityManager, q: ListPackagesQuery) {
  const like = q.q ? `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const matches = (eb: ExpressionBuilder<Database & { p: Database['package'] }, 'p'>) =>
    eb.and([
      ...(like ? [eb.or([eb('p.name', 'ilike', like), eb('p.slug', 'ilike', like)])] : []),
      ...(q.catalog ? [eb('p.catalog_id', '=', q.catalog)] : []),
      ...(q.status ? [eb('p.status', '=', q.status)] : []),
    ]);
  const base = db(em).selectFrom('package as p').innerJoin('catalog as c', 'c.id', 'p.catalog_id').where(matches);
  const count = () => db(em).selectFrom('package as p').select(countAll().as('n')).where(matches);
  // NOTE: the page and the total are one statement: the total is an uncorrelated subquery, which
  // PostgreSQL computes once (an InitPlan), so a page is one round trip. A window count
  // (count(*) over ()) would make PostgreSQL compute the per-row counts below for every matching
  // package, not for the page's 25 (with a LIMIT it sorts first and evaluates them for the rows
  // it returns only): 2.5x slower at 1,000. A page past the end has no row to carry the total,
  // so it is counted apart. The statements are named (prepared.ts): one shape per filter set
  // and sort, planned once.
  const rows = await executePrepared(
    em,
    ORDER[q.sort](base, q.dir === 'desc' ? 'desc' : 'asc')
      .select(['p.id', 'p.name', 'p.slug', 'p.status', 'p.stock', 'p.catalog_id', 'c.name as catalog_name', 'p.icon_path', 'p.created_at'])
      .select((eb) => [
        eb
          .selectFrom('service as s')
          .select(countAll().as('n'))
          .whereRef('s.package_id', '=', 'p.id')
          .where('s.status', 'in', HOLDING_STATUSES)
          .as('in_use'),
        eb.selectFrom('package_price as pp').select(countAll().as('n')).whereRef('pp.package_id', '=', 'p.id').as('price_count'),
        count().as('total'),
      ])
      .limit(q.perPage)
      .offset((q.page - 1) * q.perPage),
  );
  const total = rows[0]?.total ?? (q.page === 1 ? 0 : (await executePrepared(em, count()))[0]!.n);
  const items: PackageRow[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    status: r.status,
    stock: r.stock,
    inUse: r.in_use ?? 0,
    catalogId: r.catalog_id,
    catalogName: r.catalog_name,
    priceCount: r.price_count ?? 0,
    iconPath: r.icon_path,
    createdAt: r.created_at,
  }));
  return { items, total, query: q, pages: Math.max(1, Math.ceil(total / q.perPage)) };
}
