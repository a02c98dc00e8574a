import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { countAll, db } from '../../db/database.ts';
import { listQueryFields, type ListPage } from '../shared/list-query.ts';
import { parseInput } from '../shared/validation.ts';
import { listClientMessages, type ClientMessageRow } from './list-client-messages.ts';

export const clientMessagesQuery = z.object({ page: listQueryFields.page, perPage: listQueryFields.perPage });
export type ClientMessagesQuery = z.infer<typeof clientMessagesQuery>;

export type ClientMessagePage = ListPage<ClientMessageRow, ClientMessagesQuery>;

/** One page of a client's message log, in the shape the staff lists share (no money, so no totals). */
export async function pageClientMessages(em: EntityManager, clientId: number, raw: unknown): Promise<ClientMessagePage> {
  const query = parseInput(clientMessagesQuery, raw ?? {});
  // NOTE: one after the other: inside a transaction the two share one connection.
  const items = await listClientMessages(em, clientId, { limit: query.perPage, offset: (query.page - 1) * query.perPage });
  const { n } = await db(em)
    .selectFrom('mail_message')
    .select(countAll().as('n'))
    .where('client_id', '=', clientId)
    .executeTakeFirstOrThrow();
  return { items, total: n, page: query.page, perPage: query.perPage, pages: Math.max(1, Math.ceil(n / query.perPage)), totals: [], query };
}
