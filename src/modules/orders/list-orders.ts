import type { EntityManager } from '@mikro-orm/postgresql';

/** Orders, newest first, optionally one client's; each with its invoice's id, status and total. */
export async function listOrders(em: EntityManager, opts: { clientId?: number; limit?: number } = {}) {
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select o.id, o.client_id, o.status, o.currency, o.created_at, o.expires_at, o.paid_at, i.id as invoice_id, i.total, i.status as invoice_status,
            (select string_agg(p.name || ' × ' || l.quantity, ', ') from order_line l join package p on p.id = l.package_id where l.order_id = o.id) as summary
       from client_order o left join invoice i on i.order_id = o.id
      ${opts.clientId === undefined ? '' : 'where o.client_id = ?'} order by o.id desc limit ?`,
    opts.clientId === undefined ? [opts.limit ?? 100] : [opts.clientId, opts.limit ?? 100],
  );
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return rows.map((r) => ({
    id: r.id as number,
    clientId: r.client_id as number,
    status: r.status as string,
    currency: r.currency as string,
    summary: (r.summary as string | null) ?? '',
    invoiceId: (r.invoice_id as number | null) ?? null,
    invoiceStatus: (r.invoice_status as string | null) ?? null,
    total: (r.total as string | null) ?? null,
    createdAt: iso(r.created_at)!,
    expiresAt: iso(r.expires_at),
    paidAt: iso(r.paid_at),
  }));
}
