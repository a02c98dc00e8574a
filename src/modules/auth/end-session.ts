import type { EntityManager } from '@mikro-orm/postgresql';
import { Session } from './auth.entities.ts';
import { sha256 } from '../shared/tokens.ts';

export async function endSession(em: EntityManager, token: string): Promise<void> {
  await em.nativeDelete(Session, { id: sha256(token) });
}
