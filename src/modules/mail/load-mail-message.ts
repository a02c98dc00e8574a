import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { db } from '../../db/database.ts';
import { NotFound } from '../shared/errors.ts';
import { mailAttachmentSchema, type MailAttachment } from './mail-attachments.ts';
import type { MailStatus } from './mail.entities.ts';
import { listMessageRows, type ClientMessageRow } from './message-rows.ts';

/** A stored email as staff see it: its headers, both versions, what it attaches and how sending went. */
export interface MailMessageDetail {
  id: number;
  /** The Message-ID it is sent with (send-mail.ts), fixed so a repeat can be dropped. */
  messageId: string;
  kind: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
  status: MailStatus;
  attempts: number;
  smtpResponse: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  client: { id: number; name: string } | null;
  resentFrom: number | null;
  /** The copies staff sent of it, newest first (the last 20). */
  copies: ClientMessageRow[];
}

/** One stored email and its copies; NotFound when there is none by that id. */
export async function loadMailMessage(em: EntityManager, id: number): Promise<MailMessageDetail> {
  const r = await db(em)
    .selectFrom('mail_message as m')
    .leftJoin('client as c', 'c.id', 'm.client_id')
    .select([
      'm.id',
      'm.kind',
      'm.to',
      'm.subject',
      'm.html',
      'm.text',
      'm.attachments',
      'm.status',
      'm.attempts',
      'm.smtp_response',
      'm.last_error',
      'm.created_at',
      'm.sent_at',
      'm.client_id',
      'm.resent_from',
      'c.name as client_name',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!r) throw new NotFound('That email');
  const copies = await listMessageRows(em, { copiesOf: id }, { limit: 20 });
  return {
    id: r.id,
    messageId: `<mail-${r.id}@hostbill>`,
    kind: r.kind,
    to: r.to,
    subject: r.subject,
    html: r.html,
    text: r.text,
    attachments: z.array(mailAttachmentSchema).parse(r.attachments ?? []),
    status: r.status,
    attempts: r.attempts,
    smtpResponse: r.smtp_response,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    client: r.client_id !== null && r.client_name !== null ? { id: r.client_id, name: r.client_name } : null,
    resentFrom: r.resent_from,
    copies,
  };
}
