import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { NotFound } from '../shared/errors.ts';
import type { OutgoingMail } from './transport.ts';

/** A message in the built-in inbox as staff read it; attachments without their bytes. */
export interface InboxMessage extends Omit<OutgoingMail, 'attachments'> {
  id: number;
  receivedAt: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

/** One message of the built-in inbox; NotFound when there is none by that id. */
export async function loadInboxMessage(em: EntityManager, id: number): Promise<InboxMessage> {
  const r = await db(em)
    .selectFrom('dev_inbox_message')
    .select(['id', 'message_id', 'from', 'to', 'subject', 'html', 'text', 'received_at', 'attachments'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw new NotFound('That message');
  const attachments = r.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size }));
  return {
    id: r.id,
    messageId: r.message_id,
    from: r.from,
    to: r.to,
    subject: r.subject,
    html: r.html,
    text: r.text,
    receivedAt: r.received_at.toISOString(),
    attachments,
  };
}

/** One attachment's bytes, by its place in the message (0 first); NotFound for any other. */
export async function loadInboxAttachment(
  em: EntityManager,
  id: number,
  index: number,
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  // NOTE: a negative index would count from the end in PostgreSQL.
  if (!Number.isSafeInteger(index) || index < 0) throw new NotFound('That attachment');
  const r = await db(em)
    .selectFrom('dev_inbox_message')
    .select((eb) => eb.ref('attachments', '->').at(index).as('a'))
    .where('id', '=', id)
    .executeTakeFirst();
  const a = r?.a;
  if (!a) throw new NotFound('That attachment');
  return { filename: a.filename, contentType: a.contentType, content: Buffer.from(a.base64, 'base64') };
}
