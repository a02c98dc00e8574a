import type { EntityManager } from '@mikro-orm/postgresql';
import { Session } from './auth.entities.ts';

/** Safe to run any number of times: it only deletes what has expired. */
export async function purgeExpiredSessions(em: EntityManager, now: Date): Promise<number> {
  return em.nativeDelete(Session, { expiresAt: { $lte: now } });
}
