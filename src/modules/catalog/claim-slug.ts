import type { EntityManager } from '@mikro-orm/postgresql';
import { firstFreeSlug, slugify } from './rules/slug.ts';
import { DomainError } from '../shared/errors.ts';
import { db } from '../../db/database.ts';
import { sql } from 'kysely';

/** The advisory lock classes of the tables whose slugs are claimed here (the other half is 0: the whole table). */
const SLUG_CLAIMS = { catalog: 720_301, package: 720_302 } as const;

/**
 * An explicit slug must be free; a blank one is suggested from the name and made unique.
 * NOTE: the caller's transaction holds the table's slug claims until it ends, so two claims at
 * once (two packages of one name, one slug typed twice) are made one after the other: the later
 * sees the earlier's slug taken and gets "-2", or the field's message, not the unique index's
 * refusal. An advisory lock, not rows: the slug wanted has no row to lock yet. Slugs are claimed
 * only by staff's edits of catalogs and packages, never by checkout, so the wait is theirs alone.
 */
export async function claimSlug(
  em: EntityManager,
  table: 'catalog' | 'package',
  wanted: string,
  name: string,
  selfId?: number,
): Promise<string> {
  const q = db(em);
  if (!em.isInTransaction()) throw new Error('A slug is claimed inside the transaction that stores it.');
  await sql`select pg_advisory_xact_lock(${SLUG_CLAIMS[table]}, 0)`.execute(q);
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
