import { defineEntity, p } from '@mikro-orm/core';
import { Service } from '../services/services.entities.ts';
import type { BatchStatus, RunStatus, RunTrigger } from './rules/constants.ts';

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
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

/**
 * One renewal scan: who or what started it, for which date, and what its batches did. The
 * counters are sums over its batches, kept in step by the statement that finishes a batch.
 */
export const BillingRun = defineEntity({
  name: 'BillingRun',
  tableName: 'billing_run',
  indexes: [{ properties: ['startedAt'] }],
  checks: [{ name: 'billing_run_status_check', expression: "status in ('running', 'done', 'failed')" }],
  properties: {
    id: p.integer().primary(),
    /** schedule, staff, api or retry. */
    trigger: p.string().length(16).$type<RunTrigger>(),
    status: p.string().length(12).$type<RunStatus>().default('running'),
    asOf: p.date(),
    actor: p.string().length(120).default('system'),
    retryOfId: p.integer().nullable(),
    batches: p.integer().default(0),
    scanned: p.integer().default(0),
    invoices: p.integer().default(0),
    failures: p.integer().default(0),
    error: p.text().nullable(),
    startedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
  },
});

/** A slice of a run's clients (ids in (after, upTo]), billed in one transaction by one job. */
export const BillingRunBatch = defineEntity({
  name: 'BillingRunBatch',
  tableName: 'billing_run_batch',
  uniques: [{ properties: ['run', 'seq'] }],
  indexes: [{ properties: ['status', 'createdAt'] }],
  checks: [{ name: 'billing_run_batch_status_check', expression: "status in ('pending', 'done', 'failed', 'abandoned')" }],
  properties: {
    id: p.integer().primary(),
    run: () => p.manyToOne(BillingRun).ref().deleteRule('cascade'),
    seq: p.integer(),
    afterClientId: p.integer(),
    upToClientId: p.integer(),
    status: p.string().length(12).$type<BatchStatus>().default('pending'),
    scanned: p.integer().default(0),
    invoices: p.integer().default(0),
    failures: p.integer().default(0),
    attempts: p.integer().default(0),
    error: p.text().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
  },
});

/** A service a run could not bill, with the reason staff see next to the retry button. */
export const BillingRunFailure = defineEntity({
  name: 'BillingRunFailure',
  tableName: 'billing_run_failure',
  indexes: [{ properties: ['run'] }],
  properties: {
    id: p.integer().primary(),
    run: () => p.manyToOne(BillingRun).ref().deleteRule('cascade'),
    serviceId: p.integer(),
    reason: p.string().length(500),
    retriedAt: p.datetime().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
