import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { getConnInfo } from '@hono/node-server/conninfo';
import { recordWritesAs } from '../../modules/audit/record-as.ts';
import { recordAuditEvent } from '../../modules/audit/record-audit-event.ts';
import type { AuditActor } from '../../modules/audit/rules/audit-actor.ts';
import { currentRequestId } from '../../observability/log.ts';
import type { Env } from '../types.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Where the request came from: the first address a proxy in front put in X-Forwarded-For, else
 * the connection's. NOTE: run behind a proxy that sets the header (and strips a client's own).
 */
export function requestIp(c: Context): string | null {
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded.slice(0, 64);
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // A request made in-process (tests) has no socket.
    return null;
  }
}

/** Who the request is, for the audit trail (`type`: a staff member signed in, or their API token). */
export function auditActorOf(c: Context<Env>, type: AuditActor['type'], who: { id: number; email: string }): AuditActor {
  return {
    type,
    id: who.id,
    email: who.email,
    ip: requestIp(c),
    userAgent: c.req.header('user-agent') ?? null,
    requestId: currentRequestId() ?? null,
  };
}

/**
 * After staff (or a token) are known: their writes are recorded in the audit trail, in the
 * transactions that make them (recordWritesAs). Reads record nothing.
 */
export const recordStaffWrites = (type: 'staff' | 'api') =>
  createMiddleware<Env>(async (c, next) => {
    const staff = c.var.staff;
    if (staff && !SAFE.has(c.req.method)) recordWritesAs(c.var.em, auditActorOf(c, type, staff));
    return next();
  });

/**
 * A client's sign-in or password change in the audit trail. `who` is null when nobody matched
 * (a failed sign-in with an unknown email): the email tried is kept.
 */
export async function auditClientEvent(
  c: Context<Env>,
  who: { id: number | null; email: string },
  action: 'sign-in' | 'sign-in-failed' | 'password-change' | 'password-reset',
) {
  const actor = { ...auditActorOf(c, 'client', { id: 0, email: who.email.trim().toLowerCase().slice(0, 254) }), id: who.id };
  await recordAuditEvent(c.var.em, actor, { action, objectType: 'client', objectId: who.id }, c.var.now);
}

/** A staff member's sign-in (or a failed one, a wrong code, an invitation taken up) in the audit trail. */
export async function auditStaffEvent(
  c: Context<Env>,
  who: { id: number | null; email: string },
  action: 'sign-in' | 'sign-in-failed' | 'sign-in-code-failed' | 'invite-accepted',
  after?: Record<string, unknown>,
) {
  const actor = { ...auditActorOf(c, 'staff', { id: 0, email: who.email.trim().toLowerCase().slice(0, 254) }), id: who.id };
  await recordAuditEvent(c.var.em, actor, { action, objectType: 'staff', objectId: who.id, after }, c.var.now);
}
