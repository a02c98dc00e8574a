import type { EntityManager } from '@mikro-orm/postgresql';
import { cached } from '../../db/cache.ts';
import { db } from '../../db/database.ts';
import { sha256 } from '../shared/tokens.ts';
import type { StaffRole } from './rules/roles.ts';

export interface TokenStaff {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
}

interface Found {
  tokenId: number;
  lastUsedAt: Date | null;
  staff: TokenStaff;
}

/**
 * The staff member a bearer token belongs to, or null (and null while they are disabled).
 * NOTE: looked up on every API request, so cached by the token's hash; revoking a token or
 * changing its staff member writes api_token or staff, which drops the entry in every process.
 */
export async function findStaffByToken(em: EntityManager, token: string, now: Date): Promise<TokenStaff | null> {
  if (!token || token.length > 200) return null;
  const hash = sha256(token);
  const found = await cached(em, `api-token:${hash}`, ['api_token', 'staff'], async (): Promise<Found | null> => {
    const row = await db(em)
      .selectFrom('api_token as t')
      .innerJoin('staff as s', 's.id', 't.staff_id')
      .select(['t.id as token_id', 't.last_used_at', 's.id', 's.email', 's.name', 's.role'])
      .where('t.token_hash', '=', hash)
      .where('s.disabled_at', 'is', null)
      .executeTakeFirst();
    return row
      ? { tokenId: row.token_id, lastUsedAt: row.last_used_at, staff: { id: row.id, email: row.email, name: row.name, role: row.role } }
      : null;
  });
  if (!found) return null;
  // NOTE: a best-effort stamp for staff to spot unused tokens; not worth a write per request.
  const last = Math.max(found.lastUsedAt?.getTime() ?? 0, stampedAt.get(found.tokenId) ?? 0);
  if (now.getTime() - last > STAMP_EVERY_MS) {
    stampedAt.set(found.tokenId, now.getTime());
    await db(em).updateTable('api_token').set({ last_used_at: now }).where('id', '=', found.tokenId).execute();
  }
  return found.staff;
}

const STAMP_EVERY_MS = 60_000;

/**
 * When this process last stamped each token. NOTE: the requests of a burst all read the same
 * lookup (from memory, or from the database before the first stamp commits); noted here before
 * the write, the stamp is written by the first of them, not by each.
 */
const stampedAt = new Map<number, number>();
