import { defineEntity, p } from '@mikro-orm/core';
import { Package } from '../catalog/catalog.entities.ts';

export const Client = defineEntity({
  name: 'Client',
  tableName: 'client',
  checks: [{ name: 'client_credit_balance_check', expression: 'credit_balance >= 0' }],
  properties: {
    id: p.integer().primary(),
    email: p.string().length(254).unique(),
    name: p.string().length(120),
    /** Null until the client sets one (a client staff created gets a set-password email). */
    passwordHash: p.string().length(200).nullable().hidden(),
    country: p.string().length(2).nullable(),
    /** Billing details printed on invoices (copied onto each when issued). */
    company: p.string().length(120).nullable(),
    address: p.string().length(300).nullable(),
    /** Normalized ("DE123456789"); checked for the country's format (settings/rules/eu-vat.ts). */
    vatId: p.string().length(20).nullable(),
    currency: p.string().length(3).nullable(),
    language: p.string().length(10).nullable(),
    /** Kept in step with credit_entry by the same statements; never negative. */
    creditBalance: p.decimal('string').precision(19).scale(4).default('0'),
    allowedPackages: () =>
      p.manyToMany(Package).pivotTable('client_allowed_package').joinColumn('client_id').inverseJoinColumn('package_id').owner(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

/** One-use tokens for password reset and first password set-up; only the hash is stored. */
export const PasswordToken = defineEntity({
  name: 'PasswordToken',
  tableName: 'password_token',
  properties: {
    id: p.integer().primary(),
    client: () => p.manyToOne(Client).ref().deleteRule('cascade'),
    tokenHash: p.string().length(64).unique(),
    purpose: p.string().length(8).$type<'reset' | 'set'>(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

/** Every change to a client's credit balance, with why. */
export const CreditEntry = defineEntity({
  name: 'CreditEntry',
  tableName: 'credit_entry',
  properties: {
    id: p.integer().primary(),
    client: () => p.manyToOne(Client).ref().deleteRule('cascade'),
    amount: p.decimal('string').precision(19).scale(4),
    currency: p.string().length(3),
    reason: p.string().length(200),
    invoiceId: p.integer().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
