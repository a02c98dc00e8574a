import { defineEntity, p } from '@mikro-orm/core';
import type { OrderStatus } from '../shared/statuses.ts';
import { Client } from '../clients/clients.entities.ts';
import { Package, PackagePrice } from '../catalog/catalog.entities.ts';
import type { PriceSnapshot } from '../pricing/rules/price-snapshot.ts';

export const Order = defineEntity({
  name: 'Order',
  tableName: 'client_order',
  indexes: [{ properties: ['client', 'status'] }, { properties: ['status', 'expiresAt'] }],
  checks: [{ name: 'client_order_status_check', expression: "status in ('pending', 'paid', 'cancelled')" }],
  uniques: [{ properties: ['client', 'requestKey'] }],
  properties: {
    id: p.integer().primary(),
    client: () => p.manyToOne(Client).ref().deleteRule('restrict'),
    status: p.string().length(10).$type<OrderStatus>().default('pending'),
    currency: p.string().length(3),
    /** When an unpaid order gives its units back. */
    expiresAt: p.datetime(),
    paidAt: p.datetime().nullable(),
    cancelledAt: p.datetime().nullable(),
    cancelReason: p.string().length(200).nullable(),
    /** Staff who added it for the client ("staff:owner@example.com"); null when the client ordered it. */
    placedBy: p.string().length(120).nullable(),
    /** Staff ticked "override stock and limits" (who and when: `placedBy`, `createdAt`). */
    limitsOverridden: p.boolean().default(false),
    /** The form (or API request) that placed it: sent twice, it places one order. */
    requestKey: p.string().length(64).nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    lines: () => p.oneToMany(OrderLine).mappedBy('order'),
  },
});

/** What was ordered, frozen at checkout: later catalog edits never change it. */
export const OrderLine = defineEntity({
  name: 'OrderLine',
  tableName: 'order_line',
  // An add-on ordered for a running service, found from that service (its page lists the order's
  // invoice while it is unpaid); lines of new packages, nearly all, have no entry.
  indexes: [
    {
      name: 'order_line_parent_service_index',
      expression:
        'create index "order_line_parent_service_index" on "order_line" ("parent_service_id") where parent_service_id is not null',
    },
  ],
  checks: [{ name: 'order_line_quantity_check', expression: 'quantity >= 1' }],
  properties: {
    id: p.integer().primary(),
    order: () => p.manyToOne(Order).ref().deleteRule('cascade'),
    package: () => p.manyToOne(Package).ref().deleteRule('restrict'),
    price: () => p.manyToOne(PackagePrice).ref().nullable().deleteRule('set null'),
    /** An add-on ordered for a running service: the services this line creates are its add-ons. */
    // NOTE: a plain id, as service.order_line_id is: orders come before services in the module order.
    parentServiceId: p.integer().nullable(),
    /** An add-on ordered with a package of the same order: that package's line (its services are the parents). */
    parentLineId: p.integer().nullable(),
    quantity: p.integer(),
    /** The price, variants and quote as shown at checkout. */
    snapshot: p.json<PriceSnapshot>(),
  },
});
