import { defineEntity, p } from '@mikro-orm/core';
import { Package } from '../catalog/catalog.entities.ts';
import { Client } from '../clients/clients.entities.ts';
import { Order } from '../orders/orders.entities.ts';
import type { CouponDuration, CouponKind, CouponUseStatus } from './rules/coupon-terms.ts';

/**
 * A discount code (DOMAIN.md "Coupons"). `code` is kept upper-case, so "welcome10" and
 * "WELCOME10" are one code. `uses` counts the live uses (orders not cancelled); it is raised by
 * one conditional update inside the order's transaction, so the last use cannot be taken twice.
 */
export const Coupon = defineEntity({
  name: 'Coupon',
  tableName: 'coupon',
  checks: [
    { name: 'coupon_kind_check', expression: "kind in ('percent', 'fixed')" },
    { name: 'coupon_duration_check', expression: "duration in ('once', 'cycles', 'forever')" },
    { name: 'coupon_uses_check', expression: 'uses >= 0' },
  ],
  properties: {
    id: p.integer().primary(),
    code: p.string().length(40).unique(),
    kind: p.string().length(8).$type<CouponKind>(),
    /** For a percent coupon: 0.0001 to 100. */
    percent: p.decimal('string').precision(7).scale(4).nullable(),
    duration: p.string().length(8).$type<CouponDuration>().default('once'),
    /** For `cycles`: how many invoices it discounts, the first order's invoice being the first. */
    cycles: p.integer().nullable(),
    /** The first and last days (UTC, inclusive) it may be entered; null: no limit. */
    startsOn: p.date().nullable(),
    endsOn: p.date().nullable(),
    maxUses: p.integer().nullable(),
    maxUsesPerClient: p.integer().nullable(),
    uses: p.integer().default(0),
    forOrders: p.boolean().default(true),
    forChanges: p.boolean().default(false),
    active: p.boolean().default(true),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    /** The packages it applies to; none: every package. */
    packages: () => p.manyToMany(Package).pivotTable('coupon_package').joinColumn('coupon_id').inverseJoinColumn('package_id').owner(),
    amounts: () => p.oneToMany(CouponAmount).mappedBy('coupon'),
  },
});

/** A fixed coupon's amount in one currency; an order in a currency without one gets no discount. */
export const CouponAmount = defineEntity({
  name: 'CouponAmount',
  tableName: 'coupon_amount',
  uniques: [{ properties: ['coupon', 'currency'] }],
  properties: {
    id: p.integer().primary(),
    coupon: () => p.manyToOne(Coupon).ref().deleteRule('cascade'),
    currency: p.string().length(3),
    amount: p.decimal('string').precision(19).scale(4),
  },
});

/**
 * One order's (or package change's) use of a coupon; released, and the coupon's count lowered,
 * when the order is cancelled unpaid or the change is voided.
 */
export const CouponUse = defineEntity({
  name: 'CouponUse',
  tableName: 'coupon_use',
  indexes: [{ properties: ['coupon', 'client', 'status'] }],
  checks: [
    { name: 'coupon_use_status_check', expression: "status in ('live', 'released')" },
    { name: 'coupon_use_for_check', expression: 'order_id is not null or service_change_id is not null' },
  ],
  properties: {
    id: p.integer().primary(),
    coupon: () => p.manyToOne(Coupon).ref().deleteRule('restrict'),
    client: () => p.manyToOne(Client).ref().deleteRule('cascade'),
    order: () => p.manyToOne(Order).ref().nullable().deleteRule('cascade').unique(),
    /** A package change's use. NOTE: a plain id: scaling comes after coupons in the module order. */
    serviceChangeId: p.integer().nullable().unique(),
    status: p.string().length(8).$type<CouponUseStatus>().default('live'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    releasedAt: p.datetime().nullable(),
  },
});

/**
 * The coupon a service renews with, its discount frozen as it was sold (as Stripe keeps a
 * subscription's discount when the coupon is later changed or removed), and the renewals it still
 * discounts (null: forever).
 * NOTE: a plain service id, as order_line_id is on the service: services come after coupons in
 * the module order.
 */
export const ServiceCoupon = defineEntity({
  name: 'ServiceCoupon',
  tableName: 'service_coupon',
  indexes: [{ properties: ['coupon'] }],
  properties: {
    serviceId: p.integer().primary().autoincrement(false),
    coupon: () => p.manyToOne(Coupon).ref().deleteRule('restrict'),
    code: p.string().length(40),
    kind: p.string().length(8).$type<CouponKind>(),
    percent: p.decimal('string').precision(7).scale(4).nullable(),
    /** A fixed coupon's amount in the service's currency. */
    amount: p.decimal('string').precision(19).scale(4).nullable(),
    cyclesLeft: p.integer().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
