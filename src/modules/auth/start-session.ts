import type { EntityManager } from '@mikro-orm/postgresql';
import { Session } from './auth.entities.ts';
import { randomToken, sha256 } from '../shared/tokens.ts';

export const SESSION_HOURS = 12;

/**
 * Creates a fresh session and drops the one the browser presented, if any.
 * NOTE: always a new id at sign-in, so a session fixed before sign-in is worthless after it.
 */
export async function startSession(
  em: EntityManager,
  principal: { type: 'staff' | 'client'; id: number },
  now: Date,
  previousToken?: string,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  if (previousToken) await em.nativeDelete(Session, { id: sha256(previousToken) });
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  em.create(Session, { id: sha256(token), principalType: principal.type, principalId: principal.id, csrfToken, expiresAt });
  await em.flush();
  return { token, csrfToken, expiresAt };
}
