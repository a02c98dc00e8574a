import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceStatus } from '../shared/statuses.ts';
import { NotFound } from '../shared/errors.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';

export interface ServiceDetail {
  id: number;
  status: ServiceStatus;
  client: { id: number; name: string; email: string };
  package: { id: number; name: string; slug: string; pluginName: string | null };
  priceName: string | null;
  renewal: string | null;
  currency: string | null;
  nextDueDate: string | null;
  cancelAt: string | null;
  /** Why it is suspended: 'overdue' lifts when the invoice is paid; 'staff' waits for staff. */
  suspendReason: string | null;
  provisionedAt: string | null;
  lastError: string | null;
  pluginData: Record<string, string>;
  createdAt: string;
  events: { from: string | null; to: string; note: string; actor: string; at: string }[];
}

/** One service with its history; `clientId` limits it to that client's own. */
export async function loadService(em: EntityManager, serviceId: number, clientId?: number): Promise<ServiceDetail> {
  const conn = em.getConnection();
  const [r] = await conn.execute<Record<string, unknown>[]>(
    `select s.id, s.status, s.client_id, c.name as client_name, c.email as client_email, p.id as package_id, p.name as package_name, p.slug as package_slug,
            i.name as instance_name, s.price_snapshot, s.next_due_date::text as next_due_date, s.cancel_at::text as cancel_at, s.suspend_reason, s.provisioned_at, s.last_error, s.plugin_data, s.created_at
       from service s join client c on c.id = s.client_id join package p on p.id = s.package_id left join plugin_instance i on i.id = p.plugin_instance_id
      where s.id = ? ${clientId === undefined ? '' : 'and s.client_id = ?'}`,
    clientId === undefined ? [serviceId] : [serviceId, clientId],
  );
  if (!r) throw new NotFound('That service');
  const events = await conn.execute<Record<string, unknown>[]>('select from_status, to_status, note, actor, created_at from service_event where service_id = ? order by id', [serviceId]);
  const snap = (r.price_snapshot ?? {}) as { priceName?: string; quote?: { renewalAmount?: string | null; currency?: string; lines?: { quantity?: number }[] } };
  // NOTE: the snapshot is the order line's, whose renewal covers every unit ordered; one
  // service is one unit, and the line total is an exact multiple of it.
  const units = Math.max(1, snap.quote?.lines?.[0]?.quantity ?? 1);
  const renewal = snap.quote?.renewalAmount ? toDecimalString(fromDecimalString(snap.quote.renewalAmount) / BigInt(units)) : null;
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: r.id as number,
    status: r.status as ServiceStatus,
    client: { id: r.client_id as number, name: r.client_name as string, email: r.client_email as string },
    package: { id: r.package_id as number, name: r.package_name as string, slug: r.package_slug as string, pluginName: (r.instance_name as string | null) ?? null },
    priceName: snap.priceName ?? null,
    renewal,
    currency: snap.quote?.currency ?? null,
    nextDueDate: (r.next_due_date as string | null) ?? null,
    cancelAt: (r.cancel_at as string | null) ?? null,
    suspendReason: (r.suspend_reason as string | null) ?? null,
    provisionedAt: iso(r.provisioned_at),
    lastError: (r.last_error as string | null) ?? null,
    pluginData: (r.plugin_data as Record<string, string>) ?? {},
    createdAt: iso(r.created_at)!,
    events: events.map((e) => ({ from: (e.from_status as string | null) ?? null, to: e.to_status as string, note: e.note as string, actor: e.actor as string, at: iso(e.created_at)! })),
  };
}
