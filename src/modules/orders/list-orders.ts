import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/** Orders, newest first, optionally one client's (or the one with `id`); each with its invoice's id, status and total. */
export async function listOrders(em: EntityManager, opts: { clientId?: number; id?: number; limit?: number } = {}) {
  let query = db(em)
    .selectFrom('client_order as o')
    .leftJoin('invoice as i', 'i.order_id', 'o.id')
    .select(['o.id', 'o.client_id', 'o.status', 'o.currency', 'o.created_at', 'o.expires_at', 'o.paid_at', 'i.id as invoice_id', 'i.total', 'i.status as invoice_status'])
    .select((eb) =>
      eb
        .selectFrom('order_line as l')
        .innerJoin('package as p', 'p.id', 'l.package_id')
        .select(sql<string>`string_agg(p.name || ' × ' || l.quantity, ', ')`.as('summary'))
        .whereRef('l.order_id', '=', 'o.id')
        .as('summary'),
    );
  if (opts.clientId !== undefined) query = query.where('o.client_id', '=', opts.clientId);
  if (opts.id !== undefined) query = query.where('o.id', '=', opts.id);
  const rows = await query.orderBy('o.id', 'desc').limit(opts.limit ?? 100).execute();
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    status: r.status,
    currency: r.currency,
    summary: r.summary ?? '',
    invoiceId: r.invoice_id,
    invoiceStatus: r.invoice_status,
    total: r.total,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    paidAt: r.paid_at?.toISOString() ?? null,
  }));
}
