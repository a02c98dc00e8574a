import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken } from './staff.entities.ts';
import { sha256 } from '../shared/tokens.ts';

export async function findStaffByToken(em: EntityManager, token: string, now: Date) {
  if (!token || token.length > 200) return null;
  const row = await em.findOne(ApiToken, { tokenHash: sha256(token) }, { populate: ['staff'] });
  if (!row) return null;
  // NOTE: a best-effort stamp for staff to spot unused tokens; not worth a write per request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await em.nativeUpdate(ApiToken, { id: row.id }, { lastUsedAt: now });
  }
  return row.staff.getEntity();
}
