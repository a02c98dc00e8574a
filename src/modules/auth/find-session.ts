import type { EntityManager } from '@mikro-orm/postgresql';
import { Session } from './auth.entities.ts';
import { sha256 } from '../shared/tokens.ts';

export async function findSession(em: EntityManager, token: string, now: Date) {
  if (!token || token.length > 100) return null;
  const session = await em.findOne(Session, { id: sha256(token), expiresAt: { $gt: now } });
  return session;
}
