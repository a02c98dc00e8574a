import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoiceStatus } from '../shared/statuses.ts';

export interface ClientInvoiceRow {
  id: number;
  status: InvoiceStatus;
  currency: string;
  minorUnits: number;
  subtotal: string;
  tax: string;
  total: string;
  dueDate: string;
  paidAt: Date | null;
  createdAt: Date;
}

/** One client's invoices, newest first; the client id comes from the session or a staff page. */
export async function listClientInvoices(em: EntityManager, clientId: number, limit = 200): Promise<ClientInvoiceRow[]> {
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select i.id, i.status, i.currency, coalesce(cur.minor_units, 2)::int as minor_units, i.subtotal, i.tax, i.total,
            i.due_date::text as due_date, i.paid_at, i.created_at
       from invoice i left join currency cur on cur.code = i.currency
      where i.client_id = ?
      order by i.created_at desc, i.id desc
      limit ?`,
    [clientId, limit],
  );
  return rows.map((r) => ({
    id: r.id as number,
    status: r.status as InvoiceStatus,
    currency: r.currency as string,
    minorUnits: r.minor_units as number,
    subtotal: String(r.subtotal),
    tax: String(r.tax),
    total: String(r.total),
    dueDate: r.due_date as string,
    paidAt: r.paid_at ? new Date(r.paid_at as string | Date) : null,
    createdAt: new Date(r.created_at as string | Date),
  }));
}
