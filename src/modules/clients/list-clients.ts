import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { countAll, db } from '../../db/database.ts';
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
  const like = q.q ? `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  let query = db(em)
    .selectFrom('client as c')
    .select(['c.id', 'c.name', 'c.email', 'c.country', 'c.currency', 'c.credit_balance', 'c.created_at'])
    .select((eb) => [
      sql<boolean>`c.password_hash is not null`.as('has_password'),
      eb
        .selectFrom('service as s')
        .select(countAll().as('n'))
        .whereRef('s.client_id', '=', 'c.id')
        .where('s.status', 'in', HOLDING_STATUSES)
        .as('services'),
      sql<number>`count(*) over ()::int`.as('total'),
    ]);
  if (like) query = query.where((eb) => eb.or([eb('c.name', 'ilike', like), eb('c.email', 'ilike', like)]));
  const rows = await query
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage)
    .execute();
  // NOTE: past the last page the window count is gone with the rows; count apart then.
  let total = rows[0]?.total;
  if (total === undefined) {
    let count = db(em).selectFrom('client as c').select(countAll().as('n'));
    if (like) count = count.where((eb) => eb.or([eb('c.name', 'ilike', like), eb('c.email', 'ilike', like)]));
    total = (await count.executeTakeFirstOrThrow()).n;
  }
  const items = rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    country: r.country,
    currency: r.currency,
    creditBalance: r.credit_balance,
    hasPassword: r.has_password,
    services: r.services ?? 0,
    createdAt: r.created_at,
  }));
  return { items, total, query: q, pages: Math.max(1, Math.ceil(total / q.perPage)) };
}
