import { defineEntity, p } from '@mikro-orm/core';

/** Server-side session; the cookie holds a random token, the table its SHA-256. */
export const Session = defineEntity({
  name: 'Session',
  tableName: 'session',
  indexes: [{ properties: ['expiresAt'] }],
  properties: {
    id: p.string().length(64).primary(),
    principalType: p.string().length(8).$type<'staff' | 'client'>(),
    principalId: p.integer(),
    csrfToken: p.string().length(64),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    expiresAt: p.datetime(),
  },
});

/**
 * Failed sign-ins per account (keyed by lower-cased email, so unknown emails are throttled too).
 * NOTE: a row, not memory: several web processes share the count.
 */
export const LoginThrottle = defineEntity({
  name: 'LoginThrottle',
  tableName: 'login_throttle',
  properties: {
    key: p.string().length(300).primary(),
    failures: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
