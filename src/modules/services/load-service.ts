import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceStatus } from '../shared/statuses.ts';
import { NotFound } from '../shared/errors.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { db } from '../../db/database.ts';
import { parsePriceSnapshot, unitsOf } from '../pricing/rules/price-snapshot.ts';

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
  const q = db(em);
  let query = q
    .selectFrom('service as s')
    .innerJoin('client as c', 'c.id', 's.client_id')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .leftJoin('plugin_instance as i', 'i.id', 'p.plugin_instance_id')
    .select(['s.id', 's.status', 's.client_id', 'c.name as client_name', 'c.email as client_email', 'p.id as package_id', 'p.name as package_name', 'p.slug as package_slug'])
    .select(['i.name as instance_name', 's.price_snapshot', 's.next_due_date', 's.cancel_at', 's.suspend_reason', 's.provisioned_at', 's.last_error', 's.plugin_data', 's.created_at'])
    .where('s.id', '=', serviceId);
  if (clientId !== undefined) query = query.where('s.client_id', '=', clientId);
  const r = await query.executeTakeFirst();
  if (!r) throw new NotFound('That service');
  const events = await q.selectFrom('service_event').select(['from_status', 'to_status', 'note', 'actor', 'created_at']).where('service_id', '=', serviceId).orderBy('id').execute();
  const snap = parsePriceSnapshot(r.price_snapshot);
  // NOTE: the snapshot is the order line's, whose renewal covers every unit ordered; one
  // service is one unit, and the line total is an exact multiple of it.
  const renewal = snap.quote?.renewalAmount ? toDecimalString(fromDecimalString(snap.quote.renewalAmount) / BigInt(unitsOf(snap))) : null;
  return {
    id: r.id,
    status: r.status,
    client: { id: r.client_id, name: r.client_name, email: r.client_email },
    package: { id: r.package_id, name: r.package_name, slug: r.package_slug, pluginName: r.instance_name },
    priceName: snap.priceName ?? null,
    renewal,
    currency: snap.quote?.currency ?? null,
    nextDueDate: r.next_due_date,
    cancelAt: r.cancel_at,
    suspendReason: r.suspend_reason,
    provisionedAt: r.provisioned_at?.toISOString() ?? null,
    lastError: r.last_error,
    pluginData: r.plugin_data,
    createdAt: r.created_at.toISOString(),
    events: events.map((e) => ({ from: e.from_status, to: e.to_status, note: e.note, actor: e.actor, at: e.created_at.toISOString() })),
  };
}
