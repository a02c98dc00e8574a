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
    passwordHash: p.string().length(200).hidden(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
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
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
  },
});
