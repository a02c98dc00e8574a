import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { formatDocumentNumber, sequenceYear, type DocumentSeries } from './rules/document-number.ts';

/**
 * Takes the next number of `series` (per year when `format` shows one), inside the caller's
 * transaction, and formats it.
 * NOTE: the counter row is created if missing (ON CONFLICT DO NOTHING, so two first issues of a
 * year don't collide) and then advanced by an UPDATE, which holds its lock until the caller
 * commits: a second issue waits, and a rolled-back issue leaves the counter where it was, so
 * numbers are never skipped or reused. Take it last in the transaction: every document of the
 * series queues on that row.
 */
export async function nextDocumentNumber(tx: EntityManager, series: DocumentSeries, format: string, now: Date): Promise<string> {
  if (!tx.isInTransaction()) throw new Error('Take a document number inside the transaction that issues the document.');
  const q = db(tx);
  const year = sequenceYear(format, now);
  await q.insertInto('document_sequence').values({ series, year, next: 1 }).onConflict((oc) => oc.columns(['series', 'year']).doNothing()).execute();
  const row = await q
    .updateTable('document_sequence')
    .set({ next: sql`next + 1` })
    .where('series', '=', series)
    .where('year', '=', year)
    .returning(sql<number>`next - 1`.as('taken'))
    .executeTakeFirstOrThrow();
  return formatDocumentNumber(format, row.taken, year);
}
