import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import { countAll, db, type Database } from '../../db/database.ts';
import { addDays } from '../shared/dates.ts';
import { containsPattern, listQueryFields, rangeInOrder, type ListPage } from '../shared/list-query.ts';
import { parseInput } from '../shared/validation.ts';

export const listInboxQuery = z.object(listQueryFields).superRefine(rangeInOrder);
export type ListInboxQuery = z.infer<typeof listInboxQuery>;

export interface InboxRow {
  id: number;
  to: string;
  subject: string;
  receivedAt: string;
  attachmentCount: number;
  /** The attachments' bytes, all together. */
  attachmentBytes: number;
}

export type InboxList = ListPage<InboxRow, ListInboxQuery>;

/** The built-in inbox, newest first: search (to or subject) and a received-date range, a page at a time. */
export async function listInbox(em: EntityManager, raw: unknown): Promise<InboxList> {
  const q = parseInput(listInboxQuery, raw ?? {});
  const like = containsPattern(q.q);
  const matches = (eb: ExpressionBuilder<Database, 'dev_inbox_message'>) =>
    eb.and([
      ...(like ? [eb.or([eb('to', 'ilike', like), eb('subject', 'ilike', like)])] : []),
      ...(q.from ? [eb('received_at', '>=', sql<Date>`${q.from}::date`)] : []),
      // NOTE: "to" is a whole day: everything before the next midnight.
      ...(q.to ? [eb('received_at', '<', sql<Date>`${addDays(q.to, 1)}::date`)] : []),
    ]);
  // NOTE: one after the other: inside a transaction the two share one connection.
  const rows = await db(em)
    .selectFrom('dev_inbox_message')
    .where(matches)
    .select([
      'id',
      'to',
      'subject',
      'received_at',
      sql<number>`jsonb_array_length(attachments)::int`.as('attachment_count'),
      sql<number>`(select coalesce(sum((a->>'size')::int), 0)::int from jsonb_array_elements(attachments) a)`.as('attachment_bytes'),
    ])
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage)
    .execute();
  const { n } = await db(em).selectFrom('dev_inbox_message').where(matches).select(countAll().as('n')).executeTakeFirstOrThrow();
  const items = rows.map((r) => ({
    id: r.id,
    to: r.to,
    subject: r.subject,
    receivedAt: r.received_at.toISOString(),
    attachmentCount: r.attachment_count,
    attachmentBytes: r.attachment_bytes,
  }));
  return { items, total: n, page: q.page, perPage: q.perPage, pages: Math.max(1, Math.ceil(n / q.perPage)), totals: [], query: q };
}
