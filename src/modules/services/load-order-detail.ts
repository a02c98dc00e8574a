import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { parsePriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { NotFound } from '../shared/errors.ts';
import type { OrderStatus, ServiceStatus } from '../shared/statuses.ts';
import { serviceOptions } from './service-options.ts';

/** One line of an order as staff see it: what was ordered, as frozen at checkout, and what it became. */
export interface OrderLineDetail {
  id: number;
  packageId: number;
  packageName: string;
  quantity: number;
  /** The billing chosen ("Monthly"), as shown at checkout. */
  priceName: string | null;
  /** Its configurable options as chosen ("Operating system: Debian 13"). */
  options: string[];
  /** Staff's custom price per unit, when staff set one. */
  customPrice: string | null;
  /** An add-on of a running service (its id), or of another line of this order (that line's package). */
  addonOf: { serviceId: number } | { lineId: number; packageName: string } | null;
  /** The services this line created, one per unit: none until the order is paid. */
  services: { id: number; status: ServiceStatus }[];
}

export interface OrderDetail {
  id: number;
  status: OrderStatus;
  client: { id: number; name: string; email: string };
  currency: string;
  /** The currency's decimals, as its amounts are shown. */
  minorUnits: number;
  createdAt: string;
  /** When an unpaid order gives its units back. */
  expiresAt: string;
  paidAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  /** Staff who added it for the client ("staff:owner@example.com"); null when the client ordered it. */
  placedBy: string | null;
  limitsOverridden: boolean;
  /** The coupon used, and whether that use still counts (released when the order was cancelled). */
  coupon: { code: string; released: boolean } | null;
  invoiceId: number | null;
  lines: OrderLineDetail[];
}

/** One order with its lines, the services they created, its coupon and its invoice's id (staff's order page). */
export async function loadOrderDetail(em: EntityManager, orderId: number): Promise<OrderDetail> {
  const q = db(em);
  const order = await q
    .selectFrom('client_order as o')
    .innerJoin('client as c', 'c.id', 'o.client_id')
    .leftJoin('invoice as i', 'i.order_id', 'o.id')
    .leftJoin('currency as cur', 'cur.code', 'o.currency')
    .leftJoin('coupon_use as u', 'u.order_id', 'o.id')
    .leftJoin('coupon', 'coupon.id', 'u.coupon_id')
    .select([
      'o.id',
      'o.status',
      'o.currency',
      'cur.minor_units',
      'o.created_at',
      'o.expires_at',
      'o.paid_at',
      'o.cancelled_at',
      'o.cancel_reason',
      'o.placed_by',
      'o.limits_overridden',
      'c.id as client_id',
      'c.name as client_name',
      'c.email as client_email',
      'i.id as invoice_id',
      'coupon.code as coupon_code',
      'u.status as coupon_status',
    ])
    .where('o.id', '=', orderId)
    .executeTakeFirst();
  if (!order) throw new NotFound('That order');
  // NOTE: one after the other: inside a transaction the two share one connection.
  const lines = await q
    .selectFrom('order_line as l')
    .innerJoin('package as p', 'p.id', 'l.package_id')
    .select(['l.id', 'l.package_id', 'p.name as package_name', 'l.quantity', 'l.snapshot', 'l.parent_service_id', 'l.parent_line_id'])
    .where('l.order_id', '=', orderId)
    .orderBy('l.id')
    .execute();
  const services = lines.length
    ? await q
        .selectFrom('service')
        .select(['id', 'status', 'order_line_id'])
        .where(
          'order_line_id',
          'in',
          lines.map((l) => l.id),
        )
        .orderBy('order_line_id')
        .orderBy('unit_index')
        .execute()
    : [];
  const nameOfLine = new Map(lines.map((l) => [l.id, l.package_name]));
  const details: OrderLineDetail[] = [];
  for (const l of lines) {
    // A snapshot that no longer parses still shows its line: only its options and billing go unnamed.
    let snap;
    try {
      snap = parsePriceSnapshot(l.snapshot);
    } catch {
      snap = {};
    }
    details.push({
      id: l.id,
      packageId: l.package_id,
      packageName: l.package_name,
      quantity: l.quantity,
      priceName: snap.priceName ?? null,
      options: (await serviceOptions(em, snap)).map((o) => o.label),
      customPrice: snap.customPrice ?? null,
      addonOf:
        l.parent_service_id !== null
          ? { serviceId: l.parent_service_id }
          : l.parent_line_id !== null
            ? { lineId: l.parent_line_id, packageName: nameOfLine.get(l.parent_line_id) ?? '' }
            : null,
      services: services.filter((s) => s.order_line_id === l.id).map((s) => ({ id: s.id, status: s.status })),
    });
  }
  return {
    id: order.id,
    status: order.status,
    client: { id: order.client_id, name: order.client_name, email: order.client_email },
    currency: order.currency,
    minorUnits: order.minor_units ?? 2,
    createdAt: order.created_at.toISOString(),
    expiresAt: order.expires_at.toISOString(),
    paidAt: order.paid_at?.toISOString() ?? null,
    cancelledAt: order.cancelled_at?.toISOString() ?? null,
    cancelReason: order.cancel_reason,
    placedBy: order.placed_by,
    limitsOverridden: order.limits_overridden,
    coupon: order.coupon_code ? { code: order.coupon_code, released: order.coupon_status === 'released' } : null,
    invoiceId: order.invoice_id,
    lines: details,
  };
}
