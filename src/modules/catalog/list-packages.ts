import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { PACKAGE_STATUSES } from './rules/constants.ts';
import { HOLDING_STATUSES } from '../shared/statuses.ts';
import { parseInput } from '../shared/validation.ts';

export const SORTS = ['position', 'name', 'created', 'stock', 'in_use'] as const;

export const listPackagesQuery = z.object({
  q: z.string().trim().max(200, 'Search for at most 200 characters.').optional().default(''),
  catalog: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number({ error: 'Choose a catalog.' }).int().min(1).max(2_147_483_647).optional()),
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

const ORDER: Record<(typeof SORTS)[number], string> = {
  position: 'c.position, p.position, p.id',
  name: 'lower(p.name), p.id',
  created: 'p.created_at, p.id',
  stock: 'p.stock, p.id',
  in_use: 'in_use, p.id',
};

/**
 * One query for the staff list: filters, sort, page, and units in use per package.
 * NOTE: units in use counts holding services (pending/active/suspended); the count is taken
 * from an index on (package_id, status), so the page stays fast with many services.
 */
export async function listPackages(em: EntityManager, raw: unknown) {
  const q = parseInput(listPackagesQuery, raw);
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.q) {
    where.push(`(p.name ilike ? or p.slug ilike ?)`);
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    params.push(like, like);
  }
  if (q.catalog) (where.push('p.catalog_id = ?'), params.push(q.catalog));
  if (q.status) (where.push('p.status = ?'), params.push(q.status));
  const whereSql = where.length ? `where ${where.join(' and ')}` : '';
  const dir = q.dir === 'desc' ? 'desc' : 'asc';
  const order = ORDER[q.sort].split(', ').map((c) => `${c} ${dir}`).join(', ');
  const holding = HOLDING_STATUSES.map((s) => `'${s}'`).join(', ');
  const conn = em.getConnection();
  // NOTE: the total rides along as a window count, so a page is one round trip; only a page
  // past the end (no rows to carry it) asks for the count on its own.
  const rows = await conn.execute<Record<string, unknown>[]>(
    `select p.id, p.name, p.slug, p.status, p.stock, p.catalog_id, c.name as catalog_name, p.icon_path, p.created_at,
            (select count(*) from service s where s.package_id = p.id and s.status in (${holding}))::int as in_use,
            (select count(*) from package_price pp where pp.package_id = p.id)::int as price_count,
            count(*) over ()::int as total
       from package p join catalog c on c.id = p.catalog_id
       ${whereSql}
      order by ${order}
      limit ? offset ?`,
    [...params, q.perPage, (q.page - 1) * q.perPage],
  );
  const total = rows.length
    ? (rows[0]!.total as number)
    : ((await conn.execute<{ n: number }[]>(`select count(*)::int as n from package p ${whereSql}`, params))[0]?.n ?? 0);
  const items: PackageRow[] = rows.map((r) => ({
    id: r.id as number,
    name: r.name as string,
    slug: r.slug as string,
    status: r.status as PackageRow['status'],
    stock: r.stock as number,
    inUse: r.in_use as number,
    catalogId: r.catalog_id as number,
    catalogName: r.catalog_name as string,
    priceCount: r.price_count as number,
    iconPath: (r.icon_path as string | null) ?? null,
    createdAt: new Date(r.created_at as string | Date),
  }));
  return { items, total, query: q, pages: Math.max(1, Math.ceil(total / q.perPage)) };
}
