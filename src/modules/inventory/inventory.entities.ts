import { defineEntity, p } from '@mikro-orm/core';
import type { ReservationStatus } from '../shared/statuses.ts';
import { Client } from '../clients/clients.entities.ts';
import { Package } from '../catalog/catalog.entities.ts';
import { Order } from '../orders/orders.entities.ts';

/** Units held for an unpaid order. Units held = holding services + live reservations. */
export const StockReservation = defineEntity({
  name: 'StockReservation',
  tableName: 'stock_reservation',
  indexes: [{ properties: ['package', 'status'] }, { properties: ['client', 'package', 'status'] }],
  checks: [
    { name: 'stock_reservation_status_check', expression: "status in ('live', 'converted', 'released')" },
    { name: 'stock_reservation_quantity_check', expression: 'quantity >= 1' },
  ],
  properties: {
    id: p.integer().primary(),
    order: () => p.manyToOne(Order).ref().deleteRule('cascade'),
    package: () => p.manyToOne(Package).ref().deleteRule('restrict'),
    client: () => p.manyToOne(Client).ref().deleteRule('restrict'),
    quantity: p.integer(),
    status: p.string().length(10).$type<ReservationStatus>().default('live'),
    expiresAt: p.datetime(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
