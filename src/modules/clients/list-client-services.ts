import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceStatus } from '../shared/statuses.ts';

export interface ClientServiceRow {
  id: number;
  packageName: string;
  status: ServiceStatus;
  priceName: string | null;
  amount: string | null;
  currency: string | null;
  minorUnits: number;
  nextDueDate: string | null;
  createdAt: Date;
}

/**
 * One client's services, newest first. NOTE: the client id is the only filter and it comes from
 * the caller's session (or a staff page), never from the request, so nobody sees another's rows.
 * The price shown is one unit's renewal from the order snapshot (the order line's covers every
 * unit, an exact multiple) when there is one, else the price row.
 */
export async function listClientServices(em: EntityManager, clientId: number, limit = 200): Promise<ClientServiceRow[]> {
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select s.id, p.name as package_name, s.status, s.next_due_date::text as next_due_date, s.created_at,
            coalesce(s.price_snapshot->>'priceName', pp.name) as price_name,
            coalesce(round((s.price_snapshot->'quote'->>'renewalAmount')::numeric / greatest(coalesce(l.quantity, 1), 1), 4)::text, pp.price::text) as amount,
            coalesce(s.price_snapshot->'quote'->>'currency', pp.currency) as currency,
            coalesce(cur.minor_units, 2)::int as minor_units
       from service s
       join package p on p.id = s.package_id
       left join order_line l on l.id = s.order_line_id
       left join package_price pp on pp.id = s.price_id
       left join currency cur on cur.code = coalesce(s.price_snapshot->'quote'->>'currency', pp.currency)
      where s.client_id = ?
      order by s.created_at desc, s.id desc
      limit ?`,
    [clientId, limit],
  );
  return rows.map((r) => ({
    id: r.id as number,
    packageName: r.package_name as string,
    status: r.status as ServiceStatus,
    priceName: (r.price_name as string | null) ?? null,
    amount: (r.amount as string | null) ?? null,
    currency: (r.currency as string | null) ?? null,
    minorUnits: r.minor_units as number,
    nextDueDate: (r.next_due_date as string | null) ?? null,
    createdAt: new Date(r.created_at as string | Date),
  }));
}
