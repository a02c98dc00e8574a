import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { SERVICE_STATUSES, type ServiceStatus } from '../shared/statuses.ts';
import { parseInput } from '../shared/validation.ts';

export const listServicesQuery = z.object({
  q: z.string().trim().max(200, 'Search for at most 200 characters.').optional().default(''),
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(SERVICE_STATUSES, { error: 'Choose a status.' }).optional()),
  clientId: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(2_147_483_647).optional()),
  page: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number({ error: 'Choose a page.' }).int().min(1).max(100_000).default(1)),
});

export interface ServiceRow {
  id: number;
  status: ServiceStatus;
  clientId: number;
  clientName: string;
  clientEmail: string;
  packageId: number;
  packageName: string;
  nextDueDate: string | null;
  lastError: string | null;
  createdAt: string;
}

const PER_PAGE = 25;

/** Services for staff: search by client or package, filter by status, newest first. */
export async function listServices(em: EntityManager, raw: unknown) {
  const q = parseInput(listServicesQuery, raw);
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push('(c.name ilike ? or c.email ilike ? or p.name ilike ? or s.id::text = ?)');
    params.push(like, like, like, q.q);
  }
  if (q.status) (where.push('s.status = ?'), params.push(q.status));
  if (q.clientId) (where.push('s.client_id = ?'), params.push(q.clientId));
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select s.id, s.status, s.client_id, c.name as client_name, c.email as client_email, s.package_id, p.name as package_name,
            s.next_due_date::text as next_due_date, s.last_error, s.created_at, count(*) over ()::int as total
       from service s join client c on c.id = s.client_id join package p on p.id = s.package_id
       ${where.length ? `where ${where.join(' and ')}` : ''} order by s.id desc limit ? offset ?`,
    [...params, PER_PAGE, (q.page - 1) * PER_PAGE],
  );
  const items: ServiceRow[] = rows.map((r) => ({
    id: r.id as number, status: r.status as ServiceStatus, clientId: r.client_id as number, clientName: r.client_name as string, clientEmail: r.client_email as string,
    packageId: r.package_id as number, packageName: r.package_name as string, nextDueDate: (r.next_due_date as string | null) ?? null, lastError: (r.last_error as string | null) ?? null,
    createdAt: new Date(r.created_at as string).toISOString(),
  }));
  const total = (rows[0]?.total as number | undefined) ?? 0;
  return { items, total, query: q, pages: Math.max(1, Math.ceil(total / PER_PAGE)) };
}
