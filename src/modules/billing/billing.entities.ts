import { defineEntity, p } from '@mikro-orm/core';
import { Service } from '../services/services.entities.ts';

/**
 * The period ledger: one row per billed period of a service. NOTE: (service, period start) is
 * unique, so a retried job, two workers scanning at once or a payment reported twice can never
 * bill or extend the same period twice.
 */
export const ServicePeriod = defineEntity({
  name: 'ServicePeriod',
  tableName: 'service_period',
  uniques: [{ properties: ['service', 'periodStart'] }],
  checks: [{ name: 'service_period_range_check', expression: 'period_end > period_start' }],
  properties: {
    id: p.integer().primary(),
    service: () => p.manyToOne(Service).ref().deleteRule('cascade'),
    periodStart: p.date(),
    periodEnd: p.date(),
    invoiceId: p.integer().nullable(),
    paidAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
