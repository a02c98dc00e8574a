import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { db } from '../../db/database.ts';
import { NotFound } from '../shared/errors.ts';
import type { MailMessageDetail } from './load-mail-message.ts';
import { mailAttachmentSchema } from './mail-attachments.ts';

/** An email as its client reads it again in the client area: what was sent, to where and when. */
export type ClientMessage = Pick<
  MailMessageDetail,
  'id' | 'kind' | 'to' | 'subject' | 'html' | 'text' | 'attachments' | 'status' | 'sentAt'
> & {
  /** When it was asked for (ISO). */
  at: string;
  /**
   * Its one-use link is still in it (not sent yet). NOTE: the body is then not shown: the link is
   * for the inbox it goes to, and a signed-in session is not proof of that inbox.
   */
  holdsLink: boolean;
};

/** One of the client's own emails; another client's, or staff mail, is NotFound as if it did not exist. */
export async function loadClientMessage(em: EntityManager, clientId: number, id: number): Promise<ClientMessage> {
  const r = await db(em)
    .selectFrom('mail_message')
    .select(['id', 'kind', 'to', 'subject', 'html', 'text', 'attachments', 'status', 'created_at', 'sent_at', 'secret'])
    .where('id', '=', id)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!r) throw new NotFound('That message');
  const holdsLink = r.secret !== null;
  return {
    id: r.id,
    kind: r.kind,
    to: r.to,
    subject: r.subject,
    html: holdsLink ? '' : r.html,
    text: holdsLink ? '' : r.text,
    attachments: z.array(mailAttachmentSchema).parse(r.attachments ?? []),
    status: r.status,
    at: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    holdsLink,
  };
}
