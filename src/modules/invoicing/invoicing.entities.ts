import { defineEntity, p } from '@mikro-orm/core';
import type { GatewayKey } from './rules/constants.ts';
import type { InvoiceStatus } from '../shared/statuses.ts';
import { Client } from '../clients/clients.entities.ts';
import { Order } from '../orders/orders.entities.ts';

export const Invoice = defineEntity({
  name: 'Invoice',
  tableName: 'invoice',
  indexes: [{ properties: ['client', 'status'] }, { properties: ['status', 'dueDate'] }, { properties: ['billingRunId'] }],
  checks: [{ name: 'invoice_status_check', expression: "status in ('draft', 'unpaid', 'paid', 'void')" }],
  properties: {
    id: p.integer().primary(),
    client: () => p.manyToOne(Client).ref().deleteRule('restrict'),
    order: () => p.manyToOne(Order).ref().nullable().deleteRule('restrict').unique(),
    status: p.string().length(8).$type<InvoiceStatus>().default('unpaid'),
    currency: p.string().length(3),
    /** Rounded to the currency's minor unit after totaling the 4-decimal lines. */
    subtotal: p.decimal('string').precision(19).scale(4),
    tax: p.decimal('string').precision(19).scale(4).default('0'),
    total: p.decimal('string').precision(19).scale(4),
    /** Paid from the client's credit balance when the invoice was made; the rest is due. */
    creditApplied: p.decimal('string').precision(19).scale(4).default('0'),
    taxRate: p.decimal('string').precision(7).scale(4).nullable(),
    dueDate: p.date(),
    /** The billing run that made it (renewals only). */
    billingRunId: p.integer().nullable(),
    paidAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
    lines: () => p.oneToMany(InvoiceLine).mappedBy('invoice').orderBy({ id: 'asc' }),
  },
});

export const InvoiceLine = defineEntity({
  name: 'InvoiceLine',
  tableName: 'invoice_line',
  indexes: [{ properties: ['serviceId'] }, { properties: ['invoice'] }],
  properties: {
    id: p.integer().primary(),
    invoice: () => p.manyToOne(Invoice).ref().deleteRule('cascade'),
    kind: p.string().length(20),
    description: p.string().length(300),
    amount: p.decimal('string').precision(19).scale(4),
    taxable: p.boolean().default(false),
    serviceId: p.integer().nullable(),
    periodStart: p.date().nullable(),
    periodEnd: p.date().nullable(),
  },
});

/**
 * A payment received. NOTE: (gateway, reference) is unique, so the same gateway callback
 * delivered twice records one payment, whatever order things arrive in.
 */
export const Payment = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  uniques: [{ properties: ['gateway', 'reference'] }],
  properties: {
    id: p.integer().primary(),
    invoice: () => p.manyToOne(Invoice).ref().deleteRule('restrict'),
    gateway: p.string().length(20).$type<GatewayKey>(),
    reference: p.string().length(120),
    amount: p.decimal('string').precision(19).scale(4),
    currency: p.string().length(3),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
