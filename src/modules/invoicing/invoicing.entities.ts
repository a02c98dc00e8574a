import { defineEntity, p } from '@mikro-orm/core';
import type { GatewayKey } from './rules/constants.ts';
import type { InvoiceStatus } from '../shared/statuses.ts';
import { Client } from '../clients/clients.entities.ts';
import { Order } from '../orders/orders.entities.ts';
import { Staff } from '../staff/staff.entities.ts';
import type { PaymentKind, PaymentStatus } from './rules/refundable.ts';
import type { InvoiceBuyer, InvoiceSeller } from './rules/invoice-parties.ts';

export const Invoice = defineEntity({
  name: 'Invoice',
  tableName: 'invoice',
  indexes: [{ properties: ['client', 'status'] }, { properties: ['status', 'dueDate'] }, { properties: ['billingRunId'] }],
  checks: [{ name: 'invoice_status_check', expression: "status in ('draft', 'unpaid', 'paid', 'void')" }],
  properties: {
    id: p.integer().primary(),
    /** From the gapless `invoice` series, taken when the invoice is issued (issue-invoices.ts). */
    number: p.string().length(40).nullable().unique(),
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
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    /** The seller and the buyer as they were when the invoice was issued: what its document prints. */
    seller: p.json<InvoiceSeller>().nullable(),
    buyer: p.json<InvoiceBuyer>().nullable(),
    /** A business in another EU country: 0% VAT, and the invoice says "Reverse charge". */
    reverseCharge: p.boolean().default(false),
    /** The form (or API request) that wrote it by hand: sent twice, it writes one invoice. */
    requestKey: p.string().length(64).nullable().unique(),
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
    /**
     * The package an order's line was for (its services do not exist yet when the invoice is
     * written): what the revenue report files the line under until a service names it.
     */
    packageId: p.integer().nullable(),
    periodStart: p.date().nullable(),
    periodEnd: p.date().nullable(),
  },
});

/**
 * A payment received, or a refund (a negative payment: `kind` refund, `gateway` where the money
 * went). NOTE: (gateway, reference) is unique, so the same gateway callback delivered twice
 * records one payment, whatever order things arrive in.
 */
export const Payment = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  uniques: [{ properties: ['gateway', 'reference'] }],
  checks: [
    { name: 'payment_kind_check', expression: "kind in ('payment', 'refund')" },
    { name: 'payment_status_check', expression: "status in ('pending', 'succeeded', 'failed')" },
    { name: 'payment_refund_sign_check', expression: "(kind = 'refund') = (amount < 0)" },
  ],
  properties: {
    id: p.integer().primary(),
    invoice: () => p.manyToOne(Invoice).ref().deleteRule('restrict'),
    gateway: p.string().length(20).$type<GatewayKey>(),
    reference: p.string().length(120),
    amount: p.decimal('string').precision(19).scale(4),
    currency: p.string().length(3),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    kind: p.string().length(8).$type<PaymentKind>().default('payment'),
    status: p.string().length(10).$type<PaymentStatus>().default('succeeded'),
    /** A refund's key at the gateway: every attempt of it sends the same one. */
    idempotencyKey: p.string().length(80).nullable().unique(),
    /** Who refunded it. */
    staff: () => p.manyToOne(Staff).ref().nullable().deleteRule('set null'),
    reason: p.string().length(200).default(''),
    /** The refund ends the services the invoice paid for once it succeeds. */
    endServices: p.boolean().default(false),
    /** Why the gateway refused a refund. */
    failure: p.string().length(500).nullable(),
    settledAt: p.datetime().nullable(),
  },
});

/** A refund's document, numbered from the credit note series (see next-document-number.ts). */
export const CreditNote = defineEntity({
  name: 'CreditNote',
  tableName: 'credit_note',
  indexes: [{ properties: ['invoice'] }, { properties: ['client'] }],
  properties: {
    id: p.integer().primary(),
    number: p.string().length(40).unique(),
    invoice: () => p.manyToOne(Invoice).ref().deleteRule('restrict'),
    refund: () => p.oneToOne(Payment).ref().owner().deleteRule('restrict'),
    client: () => p.manyToOne(Client).ref().deleteRule('restrict'),
    /** Positive: what the note credits. */
    amount: p.decimal('string').precision(19).scale(4),
    currency: p.string().length(3),
    reason: p.string().length(200).default(''),
    issuedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

/**
 * The next counter of each numbered series, per year when its format shows one (year 0 otherwise).
 * NOTE: taken by an UPDATE inside the issuing transaction, so the row stays locked until commit:
 * a rolled-back issue gives its number back and numbers never skip.
 */
export const DocumentSequence = defineEntity({
  name: 'DocumentSequence',
  tableName: 'document_sequence',
  properties: {
    series: p.string().length(20).primary(),
    year: p.integer().primary(),
    next: p.integer().default(1),
  },
});
