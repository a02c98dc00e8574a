import { defineEntity, p } from '@mikro-orm/core';
import { Service } from '../services/services.entities.ts';
import type { PriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import type { ServiceChangeStatus } from './rules/constants.ts';

export interface AddonPlan {
  kept: { id: number; priceId: number | null; snapshot: PriceSnapshot }[];
  ended: number[];
}

/**
 * A confirmed move of a service to another package (an upgrade or a downgrade): the amounts the
 * client saw in the preview, and the snapshot the service takes once it applies. A positive net
 * waits for its invoice to be paid; zero or a credit applies at once.
 */
export const ServiceChange = defineEntity({
  name: 'ServiceChange',
  tableName: 'service_change',
  indexes: [{ properties: ['service', 'status'] }, { properties: ['invoiceId'] }, { properties: ['toPackageId', 'status'] }],
  checks: [{ name: 'service_change_status_check', expression: "status in ('awaiting_payment', 'applied', 'void')" }],
  properties: {
    id: p.integer().primary(),
    service: () => p.manyToOne(Service).ref().deleteRule('cascade'),
    fromPackageId: p.integer(),
    toPackageId: p.integer(),
    toPriceId: p.integer().nullable(),
    optionIds: p.json<number[]>().default('[]'),
    /** The price snapshot the service takes when the change applies. */
    newSnapshot: p.json<PriceSnapshot>(),
    /** What happens to the service's add-ons when it applies: kept ones take a new snapshot, the others end. */
    addonPlan: p.json<AddonPlan>().default('{"kept":[],"ended":[]}'),
    periodStart: p.date(),
    periodEnd: p.date(),
    /** The day the amounts were computed for. */
    effectiveDate: p.date(),
    currency: p.string().length(3),
    credit: p.decimal('string').precision(19).scale(4),
    charge: p.decimal('string').precision(19).scale(4),
    net: p.decimal('string').precision(19).scale(4),
    status: p.string().length(20).$type<ServiceChangeStatus>().default('awaiting_payment'),
    invoiceId: p.integer().nullable(),
    actor: p.string().length(120).default('client'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    appliedAt: p.datetime().nullable(),
  },
});
