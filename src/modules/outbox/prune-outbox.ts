import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/** How long work done stays in the outbox: long enough to answer "was this ever handed over?". */
export const OUTBOX_KEEP_DAYS = 30;
/** Rows looked at per statement: each is its own short statement, so no lock is held for long. */
const CHUNK = 1000;

/**
 * Deletes outbox rows done more than OUTBOX_KEEP_DAYS ago. Work that failed for good stays (it is
 * on staff's failed-work list until retried), as does work not done yet. Returns the rows deleted.
 * Safe to run any number of times, and from several workers at once.
 * NOTE: a row's dedupe key goes with it, so the same work recorded again later is handed over
 * again; every action checks first whether its work is done (a sent email is not sent again),
 * as it does for a job Redis delivered twice.
 * NOTE: walks the primary key a chunk at a time and stops at the first chunk holding a row
 * created after the cutoff: ids grow with time, so what lies beyond is newer, and a run reads
 * what it deletes plus one chunk, however large the table. (A row written late by a long
 * transaction, its created_at older than its id, is deleted by a later run.) No index on
 * `processed_at` is needed, which the outbox avoids (see its entity's NOTE).
 */
export async function pruneOutbox(em: EntityManager, now: Date, chunk = CHUNK): Promise<number> {
  const cutoff = new Date(now.getTime() - OUTBOX_KEEP_DAYS * 86_400_000);
  let after = 0;
  let removed = 0;
  for (;;) {
    const { rows } = await sql<{ last: string | null; newest: Date | null; removed: number }>`
      with chunk as (select id, created_at from outbox where id > ${after}::bigint order by id limit ${chunk}),
      gone as (
        delete from outbox o using chunk c
         where o.id = c.id and o.processed_at < ${cutoff} and o.failed_at is null
        returning o.id
      )
      select (select max(id) from chunk) as last, (select max(created_at) from chunk) as newest, (select count(*)::int from gone) as removed`.execute(
      db(em),
    );
    const row = rows[0]!;
    removed += row.removed;
    if (row.last === null || row.newest === null || row.newest >= cutoff) return removed;
    after = Number(row.last);
  }
}
