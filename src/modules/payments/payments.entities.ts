import { defineEntity, p } from '@mikro-orm/core';
import { Client } from '../clients/clients.entities.ts';
import { Invoice, Payment } from '../invoicing/invoicing.entities.ts';

/**
 * A payment gateway's configuration: one row per installed gateway (src/modules/payments/registry.ts).
 * `currencies` empty means every currency; clients see enabled gateways by `position`.
 */
export const PaymentGatewaySetting = defineEntity({
  name: 'PaymentGatewaySetting',
  tableName: 'payment_gateway',
  properties: {
    key: p.string().length(20).primary(),
    enabled: p.boolean().default(false),
    position: p.integer().default(0),
    currencies: p.json<string[]>().default('[]'),
    settings: p.json<Record<string, unknown>>().default('{}'),
    secrets: p.text().default(''),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

/** The client's customer record at a gateway (a Stripe customer), made on first use. */
export const GatewayCustomer = defineEntity({
  name: 'GatewayCustomer',
  tableName: 'gateway_customer',
  uniques: [{ properties: ['client', 'gateway'] }],
  properties: {
    id: p.integer().primary(),
    client: () => p.manyToOne(Client).ref().deleteRule('cascade'),
    gateway: p.string().length(20),
    reference: p.string().length(120),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

/** A card kept at the gateway for automatic charges; we hold only what a client needs to recognise it. */
export const SavedCard = defineEntity({
  name: 'SavedCard',
  tableName: 'saved_card',
  uniques: [{ properties: ['gateway', 'reference'] }],
  indexes: [
    { properties: ['client'] },
    {
      name: 'saved_card_one_default',
      expression: 'create unique index "saved_card_one_default" on "saved_card" ("client_id") where is_default',
    },
  ],
  properties: {
    id: p.integer().primary(),
    client: () => p.manyToOne(Client).ref().deleteRule('cascade'),
    gateway: p.string().length(20),
    reference: p.string().length(120),
    brand: p.string().length(20),
    last4: p.string().length(4),
    expMonth: p.integer(),
    expYear: p.integer(),
    isDefault: p.boolean().default(false),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

/** A webhook event already handled: the same event delivered again changes nothing. */
export const GatewayEvent = defineEntity({
  name: 'GatewayEvent',
  tableName: 'gateway_event',
  uniques: [{ properties: ['gateway', 'reference'] }],
  properties: {
    id: p.integer().primary(),
    gateway: p.string().length(20),
    reference: p.string().length(120),
    type: p.string().length(80),
    receivedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

export type ChargeStatus = 'pending' | 'succeeded' | 'declined' | 'authentication_required' | 'failed';

/**
 * One automatic charge of an invoice's saved card. NOTE: (invoice, attempt) is unique and the
 * gateway's idempotency key is made of both, so a job run twice charges once.
 */
export const ChargeAttempt = defineEntity({
  name: 'ChargeAttempt',
  tableName: 'charge_attempt',
  uniques: [{ properties: ['invoice', 'attempt'] }],
  checks: [
    {
      name: 'charge_attempt_status_check',
      expression: "status in ('pending', 'succeeded', 'declined', 'authentication_required', 'failed')",
    },
  ],
  properties: {
    id: p.integer().primary(),
    invoice: () => p.manyToOne(Invoice).ref().deleteRule('cascade'),
    attempt: p.integer(),
    cardId: p.integer().nullable(),
    status: p.string().length(24).$type<ChargeStatus>().default('pending'),
    reference: p.string().length(120).nullable(),
    message: p.string().length(500).nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    /** When a run last took it on: a pending attempt is left to that run for a while (see charge-invoice.ts). */
    claimedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
  },
});

export type DisputeStatus =
  'needs_response' | 'under_review' | 'won' | 'lost' | 'warning_needs_response' | 'warning_under_review' | 'warning_closed';

/** A chargeback a gateway reported against a payment. */
export const PaymentDispute = defineEntity({
  name: 'PaymentDispute',
  tableName: 'payment_dispute',
  uniques: [{ properties: ['gateway', 'reference'] }],
  indexes: [{ properties: ['payment'] }],
  properties: {
    id: p.integer().primary(),
    payment: () => p.manyToOne(Payment).ref().deleteRule('restrict'),
    gateway: p.string().length(20),
    reference: p.string().length(120),
    status: p.string().length(24).$type<DisputeStatus>(),
    amount: p.decimal('string').precision(19).scale(4),
    currency: p.string().length(3),
    reason: p.string().length(60).default(''),
    openedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    closedAt: p.datetime().nullable(),
  },
});
