import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceStatus } from '../shared/statuses.ts';
import { serviceOptions } from './service-options.ts';
import { NotFound } from '../shared/errors.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { db } from '../../db/database.ts';
import { parsePriceSnapshot, unitsOf, type PriceSnapshot } from '../pricing/rules/price-snapshot.ts';

export interface ServiceDetail {
  id: number;
  status: ServiceStatus;
  client: { id: number; name: string; email: string };
  package: { id: number; name: string; slug: string; pluginName: string | null };
  priceName: string | null;
  renewal: string | null;
  /** Its configurable options as chosen ("Operating system: Windows Server 2025"). */
  options: string[];
  /** Staff's custom price (per unit, before options), when the service has one (DOMAIN.md "Staff-added services"). */
  customPrice: string | null;
  currency: string | null;
  nextDueDate: string | null;
  cancelAt: string | null;
  /** Why it is suspended: 'overdue' lifts when the invoice is paid; 'staff' waits for staff. */
  suspendReason: string | null;
  provisionedAt: string | null;
  lastError: string | null;
  pluginData: Record<string, string>;
  createdAt: string;
  /** The order that created it; null for a service with no order (none yet: every service has one today). */
  orderId: number | null;
  events: { from: string | null; to: string; note: string; actor: string; at: string }[];
  /** The service this one is an add-on of (it renews and ends with it), or null. */
  parent: { id: number; packageName: string } | null;
  /** This service's add-ons, ended ones included. */
  addons: {
    id: number;
    packageName: string;
    status: ServiceStatus;
    priceName: string | null;
    renewal: string | null;
    nextDueDate: string | null;
  }[];
  /** Active and not ending (cancelled at the end of its term), not an add-on itself, and its package offers add-on groups: its page offers to add one. */
  takesAddons: boolean;
}

/**
 * One unit's renewal: the snapshot is the order line's, whose renewal covers every unit ordered;
 * one service is one unit, and the line total is an exact multiple of it.
 */
function unitRenewal(snap: PriceSnapshot): string | null {
  return snap.quote?.renewalAmount ? toDecimalString(fromDecimalString(snap.quote.renewalAmount) / BigInt(unitsOf(snap))) : null;
}

/** One service with its history; `clientId` limits it to that client's own. */
export async function loadService(em: EntityManager, serviceId: number, clientId?: number): Promise<ServiceDetail> {
  const q = db(em);
  let query = q
    .selectFrom('service as s')
    .innerJoin('client as c', 'c.id', 's.client_id')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .leftJoin('plugin_instance as i', 'i.id', 'p.plugin_instance_id')
    .leftJoin('order_line as ol', 'ol.id', 's.order_line_id')
    .select([
      's.id',
      's.status',
      's.client_id',
      'c.name as client_name',
      'c.email as client_email',
      'p.id as package_id',
      'p.name as package_name',
      'p.slug as package_slug',
    ])
    .select((eb) =>
      eb.exists(eb.selectFrom('package_addon_group as o').select('o.package_id').whereRef('o.package_id', '=', 'p.id')).as('offers_addons'),
    )
    .select([
      's.parent_id',
      'i.name as instance_name',
      's.price_snapshot',
      's.next_due_date',
      's.cancel_at',
      's.suspend_reason',
      's.provisioned_at',
      's.last_error',
      's.plugin_data',
      's.created_at',
      'ol.order_id',
    ])
    .where('s.id', '=', serviceId);
  if (clientId !== undefined) query = query.where('s.client_id', '=', clientId);
  const r = await query.executeTakeFirst();
  if (!r) throw new NotFound('That service');
  const [events, parent, addons] = await Promise.all([
    q
      .selectFrom('service_event')
      .select(['from_status', 'to_status', 'note', 'actor', 'created_at'])
      .where('service_id', '=', serviceId)
      .orderBy('id')
      .execute(),
    r.parent_id === null
      ? undefined
      : q
          .selectFrom('service as s')
          .innerJoin('package as p', 'p.id', 's.package_id')
          .select(['s.id', 'p.name'])
          .where('s.id', '=', r.parent_id)
          .executeTakeFirst(),
    q
      .selectFrom('service as s')
      .innerJoin('package as p', 'p.id', 's.package_id')
      .select(['s.id', 'p.name', 's.status', 's.price_snapshot', 's.next_due_date'])
      .where('s.parent_id', '=', serviceId)
      .orderBy('s.id')
      .execute(),
  ]);
  const snap = parsePriceSnapshot(r.price_snapshot);
  const renewal = unitRenewal(snap);
  const options = (await serviceOptions(em, snap)).map((o) => o.label);
  return {
    id: r.id,
    status: r.status,
    client: { id: r.client_id, name: r.client_name, email: r.client_email },
    package: { id: r.package_id, name: r.package_name, slug: r.package_slug, pluginName: r.instance_name },
    priceName: snap.priceName ?? null,
    renewal,
    options,
    customPrice: snap.customPrice ?? null,
    currency: snap.quote?.currency ?? null,
    nextDueDate: r.next_due_date,
    cancelAt: r.cancel_at,
    suspendReason: r.suspend_reason,
    provisionedAt: r.provisioned_at?.toISOString() ?? null,
    lastError: r.last_error,
    pluginData: r.plugin_data,
    createdAt: r.created_at.toISOString(),
    orderId: r.order_id,
    events: events.map((e) => ({ from: e.from_status, to: e.to_status, note: e.note, actor: e.actor, at: e.created_at.toISOString() })),
    parent: parent ? { id: parent.id, packageName: parent.name } : null,
    takesAddons: !!r.offers_addons && r.parent_id === null && r.status === 'active' && r.cancel_at === null,
    addons: addons.map((a) => {
      const s = parsePriceSnapshot(a.price_snapshot);
      return {
        id: a.id,
        packageName: a.name,
        status: a.status,
        priceName: s.priceName ?? null,
        renewal: unitRenewal(s),
        nextDueDate: a.next_due_date,
      };
    }),
  };
}
