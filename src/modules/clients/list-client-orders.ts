import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import type { OrderStatus } from '../shared/statuses.ts';

export interface ClientOrderRow {
  id: number;
  status: OrderStatus;
  currency: string;
  minorUnits: number;
  /** The order's invoice, its number (INV-2026-0004; null until it is issued) and its total, when it has one. */
  invoiceId: number | null;
  invoiceNumber: string | null;
  total: string | null;
  /** "VPS Small × 2, Backup" */
  items: string;
  createdAt: Date;
  paidAt: Date | null;
}

/** One client's orders, newest first; the client id comes from the session or a staff page. */
export async function listClientOrders(em: EntityManager, clientId: number, limit = 200): Promise<ClientOrderRow[]> {
  const rows = await db(em)
    .selectFrom('client_order as o')
    .leftJoin('invoice as i', 'i.order_id', 'o.id')
    .leftJoin('currency as cur', 'cur.code', 'o.currency')
    .select([
      'o.id',
      'o.status',
      'o.currency',
      'cur.minor_units',
      'i.id as invoice_id',
      'i.number as invoice_number',
      'i.total',
      'o.created_at',
      'o.paid_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('order_line as l')
        .innerJoin('package as p', 'p.id', 'l.package_id')
        .select(
          sql<string>`string_agg(p.name || case when l.quantity > 1 then ' × ' || l.quantity else '' end, ', ' order by l.id)`.as('items'),
        )
        .whereRef('l.order_id', '=', 'o.id')
        .as('items'),
    )
    .where('o.client_id', '=', clientId)
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    currency: r.currency,
    minorUnits: r.minor_units ?? 2,
    invoiceId: r.invoice_id,
    invoiceNumber: r.invoice_number,
    total: r.total,
    items: r.items ?? '',
    createdAt: r.created_at,
    paidAt: r.paid_at,
  }));
}
