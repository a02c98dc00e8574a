import { defineEntity, p } from '@mikro-orm/core';
import type { StaffRole } from './rules/roles.ts';

export const Staff = defineEntity({
  name: 'Staff',
  tableName: 'staff',
  properties: {
    id: p.integer().primary(),
    email: p.string().length(254).unique(),
    name: p.string().length(120),
    role: p.string().length(16).$type<StaffRole>(),
    /** Null until an invited member sets one through their link. */
    passwordHash: p.string().length(200).nullable().hidden(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    /** Set: cannot sign in, and their API tokens are refused. */
    disabledAt: p.datetime().nullable(),
    /** The TOTP secret, sealed with APP_SECRET; null while two-factor sign-in is off. */
    totpSecret: p.string().length(300).nullable().hidden(),
    /** The time step of the last code accepted: a code for it or an earlier one is refused. */
    totpLastStep: p.bigint('number').nullable(),
    /** SHA-256 of each recovery code not yet used. */
    recoveryCodes: p.json<string[]>().nullable().hidden(),
    lastSignInAt: p.datetime().nullable(),
  },
});

/** A link that lets an invited staff member set their password, once. Only its hash is kept. */
export const StaffInvite = defineEntity({
  name: 'StaffInvite',
  tableName: 'staff_invite',
  properties: {
    id: p.integer().primary(),
    staff: () => p.manyToOne(Staff).ref().deleteRule('cascade'),
    tokenHash: p.string().length(64).unique(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

/** A bearer token for /api/v1; only its SHA-256 is stored, the token is shown once. */
export const ApiToken = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: p.integer().primary(),
    staff: () => p.manyToOne(Staff).ref().deleteRule('cascade'),
    name: p.string().length(120).default(''),
    tokenHash: p.string().length(64).unique().hidden(),
    prefix: p.string().length(16),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
  },
});
