// Who a write is recorded as: what the web process puts in `hb.actor` for the database's audit
// trigger, and what an action records for an event. Pure.

export interface AuditActor {
  type: 'staff' | 'api' | 'client';
  id: number;
  email: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** The session variable the audit trigger reads (short keys: it rides on every audited transaction). */
export const ACTOR_VARIABLE = 'hb.actor';

export function actorVariable(actor: AuditActor): string {
  return JSON.stringify({
    type: actor.type,
    id: actor.id,
    email: actor.email,
    ip: actor.ip?.slice(0, 64) ?? null,
    ua: actor.userAgent?.slice(0, 300) ?? null,
    rid: actor.requestId?.slice(0, 100) ?? null,
  });
}
