import { defineEntity, p } from '@mikro-orm/core';
import type { ServiceStatus } from '../shared/statuses.ts';
import { Package, PackagePrice } from '../catalog/catalog.entities.ts';
import { Client } from '../clients/clients.entities.ts';
import { snapshotSql, type PriceSnapshot } from '../pricing/rules/price-snapshot.ts';

// What a snapshot renews for per term, when it is a recurring term monthly recurring revenue
// counts: the checks and the share are those reports/mrr.ts summed from the JSON before
// (Migration20261208080000 adds the column with this expression).
const SNAP = snapshotSql(`"price_snapshot"`);
const MRR_AMOUNT = `case when ${SNAP.priceType} = 'recurring'
      and ${SNAP.period} in ('day', 'week', 'month', 'year')
      and ${SNAP.intervalCount} ~ '^[1-9][0-9]{0,3}$'
      and ${SNAP.renewalAmount} ~ '^-?[0-9]{1,15}(\\.[0-9]{1,4})?$'
      and ${SNAP.currency} is not null
      and coalesce(${SNAP.quantity}, '1') ~ '^[0-9]{1,6}$'
    then trunc((${SNAP.renewalAmount})::numeric / greatest(1, coalesce((${SNAP.quantity})::int, 1)), 4) else null end`;

export const Service = defineEntity({
  name: 'Service',
  tableName: 'service',
  indexes: [
    { properties: ['package', 'status'] },
    { properties: ['client', 'status'] },
    { properties: ['status', 'nextDueDate'] },
    // NOTE: no index on the renewal scan's coalesce(billed_until, next_due_date): it makes every
    // billed_until update a non-HOT update, which made the renewal simulation about 5× slower;
    // the scan reads the table once an hour instead.
    // End-of-term cancellations falling due.
    {
      name: 'service_cancel_at_index',
      expression: `create index "service_cancel_at_index" on "service" ("cancel_at") where cancel_at is not null`,
    },
  ],
  uniques: [{ properties: ['orderLineId', 'unitIndex'] }],
  checks: [{ name: 'service_status_check', expression: "status in ('pending', 'active', 'suspended', 'cancelled', 'terminated')" }],
  properties: {
    id: p.integer().primary(),
    client: () => p.manyToOne(Client).ref().deleteRule('restrict'),
    // NOTE: restrict, so a package in use can never be deleted, whatever path tries.
    package: () => p.manyToOne(Package).ref().deleteRule('restrict'),
    price: () => p.manyToOne(PackagePrice).ref().nullable().deleteRule('set null'),
    /** An add-on's parent service: it co-terms, renews, is suspended and ends with it (DOMAIN.md "Add-ons"). */
    parent: () => p.manyToOne(Service).ref().nullable().deleteRule('restrict').index('service_parent_id_index'),
    status: p.string().length(16).$type<ServiceStatus>().default('pending'),
    priceSnapshot: p.json<PriceSnapshot>().default('{}'),
    /**
     * One service's share of its order's renewal per term (truncated to 4 places, as renewals bill
     * it), null unless the snapshot is a recurring term that MRR counts.
     * NOTE: stored, worked out by PostgreSQL whenever the snapshot is written, so the admin home's
     * MRR does not extract and check every service's snapshot on each load (about 0.2 s at
     * 100,000 services). Never written by the app.
     */
    mrrAmount: p.decimal('string').precision(19).scale(4).nullable().generated(`(${MRR_AMOUNT}) stored`),
    /** The order line that created it; with `unitIndex` it makes creating services idempotent. */
    orderLineId: p.integer().nullable(),
    unitIndex: p.smallint().nullable(),
    anchorDay: p.smallint().nullable(),
    nextDueDate: p.date().nullable(),
    /**
     * The end of the last period billed (its ledger row written). Renewals chain from here, so a
     * late payment never leaves a period unbilled; null means "from the next due date".
     */
    billedUntil: p.date().nullable(),
    provisionedAt: p.datetime().nullable(),
    /** A client's end-of-term cancellation: the service ends on this date and does not renew. */
    cancelAt: p.date().nullable(),
    /** Why it is suspended: 'overdue' lifts itself when the invoice is paid; 'staff' waits for staff. */
    suspendReason: p.string().length(16).nullable(),
    /** The last provisioning error, shown to staff with a retry button. */
    lastError: p.text().nullable(),
    /** Values the plugin returned (e.g. a username), offered to the welcome email as tags. */
    pluginData: p.json<Record<string, string>>().default('{}'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

/** The status history a service's page shows: who changed what, when and why. */
export const ServiceEvent = defineEntity({
  name: 'ServiceEvent',
  tableName: 'service_event',
  indexes: [{ properties: ['service', 'createdAt'] }],
  properties: {
    id: p.integer().primary(),
    service: () => p.manyToOne(Service).ref().deleteRule('cascade'),
    fromStatus: p.string().length(16).nullable(),
    toStatus: p.string().length(16),
    note: p.string().length(500).default(''),
    actor: p.string().length(120).default('system'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

/**
 * A plugin-first action on a service in progress (with-service-turn.ts): staff's suspend,
 * unsuspend or terminate, or a client's cancellation now. Held until the action ends, or until
 * `until` if its process died mid-call.
 * NOTE: a row of its own, not a column of the service's: taking and giving back a turn is no
 * change to the service, which the audit trail would otherwise record twice per action.
 */
export const ServiceTurn = defineEntity({
  name: 'ServiceTurn',
  tableName: 'service_turn',
  properties: {
    serviceId: p.integer().primary().autoincrement(false),
    until: p.datetime(),
  },
});
