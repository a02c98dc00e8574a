import { defineEntity, p } from '@mikro-orm/core';

/**
 * One entry of the audit trail: a staff member's or an API token's write (recorded by the
 * database's `audit_change` trigger in the same transaction, see Migration20261204161000), or a
 * sign-in or password change (recorded by the action). Nothing in the product changes or deletes
 * an entry: a trigger refuses it.
 */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  indexes: [
    { name: 'audit_log_object_index', properties: ['objectType', 'objectId', 'id'] },
    { name: 'audit_log_actor_index', properties: ['actorType', 'actorId', 'id'] },
    { name: 'audit_log_at_index', properties: ['at'] },
  ],
  properties: {
    id: p.bigint('number').primary(),
    at: p.datetime().defaultRaw('now()'),
    /** staff (a signed-in staff member), api (a staff member's API token), client. */
    actorType: p.string().length(10),
    actorId: p.integer().nullable(),
    actorEmail: p.string().length(254).nullable(),
    ip: p.string().length(64).nullable(),
    userAgent: p.string().length(300).nullable(),
    requestId: p.string().length(100).nullable(),
    /** insert, update, delete; or an event: sign-in, sign-in-failed, password-change. */
    action: p.string().length(40),
    /** The table (package, client...) or, for an event, what it is about (staff, client). */
    objectType: p.string().length(40),
    objectId: p.string().length(64).nullable(),
    /** What changed: the columns' values before and after (secrets as "[hidden]"). */
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
  },
});
