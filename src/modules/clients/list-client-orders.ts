import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrderStatus } from '../shared/statuses.ts';

export interface ClientOrderRow {
  id: number;
  status: OrderStatus;
  currency: string;
  minorUnits: number;
  /** The order's invoice and its total, when it has one. */
  invoiceId: number | null;
  total: string | null;
  /** "VPS Small × 2, Backup" */
  items: string;
  createdAt: Date;
  paidAt: Date | null;
}

/** One client's orders, newest first; the client id comes from the session or a staff page. */
export async function listClientOrders(em: EntityManager, clientId: number, limit = 200): Promise<ClientOrderRow[]> {
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select o.id, o.status, o.currency, coalesce(cur.minor_units, 2)::int as minor_units, i.id as invoice_id, i.total, o.created_at, o.paid_at,
            (select string_agg(p.name || case when l.quantity > 1 then ' × ' || l.quantity else '' end, ', ' order by l.id)
               from order_line l join package p on p.id = l.package_id where l.order_id = o.id) as items
       from client_order o
       left join invoice i on i.order_id = o.id
       left join currency cur on cur.code = o.currency
      where o.client_id = ?
      order by o.created_at desc, o.id desc
      limit ?`,
    [clientId, limit],
  );
  return rows.map((r) => ({
    id: r.id as number,
    status: r.status as OrderStatus,
    currency: r.currency as string,
    minorUnits: r.minor_units as number,
    invoiceId: (r.invoice_id as number | null) ?? null,
    total: r.total === null || r.total === undefined ? null : String(r.total),
    items: (r.items as string | null) ?? '',
    createdAt: new Date(r.created_at as string | Date),
    paidAt: r.paid_at ? new Date(r.paid_at as string | Date) : null,
  }));
}
