import type { EntityManager } from '@mikro-orm/postgresql';
import { cacheOf } from '../../db/cache.ts';
import { Session } from './auth.entities.ts';
import { sha256 } from '../shared/tokens.ts';

export async function endSession(em: EntityManager, token: string): Promise<void> {
  await em.nativeDelete(Session, { id: sha256(token) });
  // NOTE: every process drops its cached copy when the NOTIFY arrives; this one at once, so the
  // next request here cannot find the session it just ended.
  cacheOf(em)?.changed('session');
}
