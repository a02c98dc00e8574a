import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { formatDocumentNumber, sequenceYear, type DocumentSeries } from './rules/document-number.ts';

/**
 * Takes the next number of `series` (per year when `format` shows one), inside the caller's
 * transaction, and formats it.
 * NOTE: the counter row is created or advanced by one upsert (two first issues of a year do not
 * collide: the second waits and advances), whose row lock is held until the caller commits: a
 * second issue waits, and a rolled-back issue leaves the counter where it was, so numbers are
 * never skipped or reused. Take it last in the transaction: every document of the
 * series queues on that row.
 */
export async function nextDocumentNumber(tx: EntityManager, series: DocumentSeries, format: string, now: Date): Promise<string> {
  return (await nextDocumentNumbers(tx, series, format, now, 1))[0]!;
}

/** `count` consecutive numbers in one statement (a renewal batch issuing many invoices at once). */
export async function nextDocumentNumbers(
  tx: EntityManager,
  series: DocumentSeries,
  format: string,
  now: Date,
  count: number,
): Promise<string[]> {
  if (!tx.isInTransaction()) throw new Error('Take a document number inside the transaction that issues the document.');
  if (count < 1) return [];
  const q = db(tx);
  const year = sequenceYear(format, now);
  // One statement: the first issue of a year creates the row, every later one advances it.
  const row = await q
    .insertInto('document_sequence')
    .values({ series, year, next: 1 + count })
    .onConflict((oc) => oc.columns(['series', 'year']).doUpdateSet({ next: sql`document_sequence.next + ${count}` }))
    .returning(sql<number>`next - ${count}`.as('first'))
    .executeTakeFirstOrThrow();
  return Array.from({ length: count }, (_, i) => formatDocumentNumber(format, row.first + i, year));
}
