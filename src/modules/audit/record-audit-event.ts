import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import type { AuditActor } from './rules/audit-actor.ts';

/** An event that is not a row's change (a sign-in, a password change), in the audit trail. */
export async function recordAuditEvent(
  em: EntityManager,
  actor: Omit<AuditActor, 'id'> & { id: number | null },
  event: { action: string; objectType: string; objectId: string | number | null; after?: Record<string, unknown> },
  now: Date,
): Promise<void> {
  await db(em)
    .insertInto('audit_log')
    .values({
      at: now,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_email: actor.email.slice(0, 254),
      ip: actor.ip?.slice(0, 64) ?? null,
      user_agent: actor.userAgent?.slice(0, 300) ?? null,
      request_id: actor.requestId?.slice(0, 100) ?? null,
      action: event.action,
      object_type: event.objectType,
      object_id: event.objectId === null ? null : String(event.objectId),
      before: null,
      after: event.after ? sql<Record<string, unknown>>`${JSON.stringify(event.after)}::jsonb` : null,
    })
    .execute();
}
