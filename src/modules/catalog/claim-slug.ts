import type { EntityManager } from '@mikro-orm/postgresql';
import { firstFreeSlug, slugify } from './rules/slug.ts';
import { DomainError } from '../shared/errors.ts';
import { db } from '../../db/database.ts';

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
  const q = db(em);
  if (wanted) {
    const taken = await q
      .selectFrom(table)
      .select('id')
      .where('slug', '=', wanted)
      .where('id', '<>', selfId ?? 0)
      .executeTakeFirst();
    if (taken) throw new DomainError('That slug is already used; choose another.', 'slug');
    return wanted;
  }
  const base = slugify(name) || 'item';
  const rows = await q
    .selectFrom(table)
    .select('slug')
    .where('slug', 'like', `${base}%`)
    .where('id', '<>', selfId ?? 0)
    .execute();
  return firstFreeSlug(base, new Set(rows.map((r) => r.slug)));
}
