import type { EntityManager } from '@mikro-orm/postgresql';
import { listClientsQuery, type ListClientsQuery } from './clients.schemas.ts';
import { HOLDING_STATUSES } from '../shared/statuses.ts';
import { parseInput } from '../shared/validation.ts';

export interface ClientRow {
  id: number;
  name: string;
  email: string;
  country: string | null;
  currency: string | null;
  creditBalance: string;
  hasPassword: boolean;
  services: number;
  createdAt: Date;
}

export interface ClientList {
  items: ClientRow[];
  total: number;
  pages: number;
  query: ListClientsQuery;
}

/**
 * The staff list: search by name or email, newest first, one page.
 * NOTE: the total rides along as a window count, so a page is one round trip.
 */
export async function listClients(em: EntityManager, raw: unknown): Promise<ClientList> {
  const q = parseInput(listClientsQuery, raw);
  const params: unknown[] = [];
  let whereSql = '';
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    whereSql = 'where (c.name ilike ? or c.email ilike ?)';
    params.push(like, like);
  }
  const holding = HOLDING_STATUSES.map((s) => `'${s}'`).join(', ');
  const conn = em.getConnection();
  const rows = await conn.execute<Record<string, unknown>[]>(
    `select c.id, c.name, c.email, c.country, c.currency, c.credit_balance, c.password_hash is not null as has_password, c.created_at,
            (select count(*) from service s where s.client_id = c.id and s.status in (${holding}))::int as services,
            count(*) over ()::int as total
       from client c ${whereSql}
      order by c.created_at desc, c.id desc
      limit ? offset ?`,
    [...params, q.perPage, (q.page - 1) * q.perPage],
  );
  const total = rows.length ? (rows[0]!.total as number) : ((await conn.execute<{ n: number }[]>(`select count(*)::int as n from client c ${whereSql}`, params))[0]?.n ?? 0);
  const items = rows.map((r) => ({
    id: r.id as number,
    name: r.name as string,
    email: r.email as string,
    country: (r.country as string | null) ?? null,
    currency: (r.currency as string | null) ?? null,
    creditBalance: String(r.credit_balance),
    hasPassword: r.has_password as boolean,
    services: r.services as number,
    createdAt: new Date(r.created_at as string | Date),
  }));
  return { items, total, query: q, pages: Math.max(1, Math.ceil(total / q.perPage)) };
}
