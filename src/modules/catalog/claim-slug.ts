import type { EntityManager } from '@mikro-orm/postgresql';
import { firstFreeSlug, slugify } from './rules/slug.ts';
import { DomainError } from '../shared/errors.ts';

/**
 * An explicit slug must be free; a blank one is suggested from the name and made unique.
 * NOTE: the unique index is the real guard; this check gives the friendly message.
 */
export async function claimSlug(
  em: EntityManager,
  table: 'catalog' | 'package',
  wanted: string,
  name: string,
  selfId?: number,
): Promise<string> {
  const conn = em.getConnection();
  const ctx = em.getTransactionContext();
  if (wanted) {
    const rows = await conn.execute<{ id: number }[]>(`select id from ${table} where slug = ? and id <> ?`, [wanted, selfId ?? 0], 'all', ctx);
    if (rows.length) throw new DomainError('That slug is already used; choose another.', 'slug');
    return wanted;
  }
  const base = slugify(name) || 'item';
  const rows = await conn.execute<{ slug: string }[]>(`select slug from ${table} where slug like ? and id <> ?`, [`${base}%`, selfId ?? 0], 'all', ctx);
  return firstFreeSlug(base, new Set(rows.map((r) => r.slug)));
}
