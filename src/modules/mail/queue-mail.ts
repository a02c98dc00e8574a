import type { EntityManager } from '@mikro-orm/postgresql';
import { sendMailLater } from '../../queue/jobs.ts';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import type { MailAttachment } from './mail-attachments.ts';

export interface MailInput {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** One email per key, however often it is asked for (e.g. `welcome:service:42`). */
  dedupeKey: string;
  /** Rendered by the mail job when it sends, from the rows they name. */
  attachments?: MailAttachment[];
  /** The client whose message log shows it; none for staff mail. */
  clientId?: number | null;
  /** What the email is ('welcome', 'password-reset', 'invoice', ...); 'other' unless said. */
  kind?: string;
  /** The stored email this one copies (a resend by staff). */
  resentFrom?: number;
  /**
   * A one-use token its links carry (a password or invitation link): once the email is sent it is
   * replaced in the stored text, so the stored copy opens nothing.
   */
  secret?: string;
}

/** The `mail_message` row an email is stored as (queueMail and queueMails alike). */
export function mailRow(mail: MailInput) {
  return {
    dedupe_key: mail.dedupeKey,
    to: mail.to,
    subject: mail.subject.slice(0, 300),
    html: mail.html,
    text: mail.text,
    attachments: sql<MailAttachment[]>`${JSON.stringify(mail.attachments ?? [])}::jsonb`,
    client_id: mail.clientId ?? null,
    kind: mail.kind ?? 'other',
    resent_from: mail.resentFrom ?? null,
    secret: mail.secret ?? null,
  };
}

/**
 * Stores the rendered email and records its sending in the outbox, in the caller's
 * transaction: the send happens after commit, at least once, and is deduplicated by key.
 */
export async function queueMail(em: EntityManager, mail: MailInput): Promise<number> {
  const q = db(em);
  const inserted = await q
    .insertInto('mail_message')
    .values(mailRow(mail))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  const id = inserted?.id ?? (await q.selectFrom('mail_message').select('id').where('dedupe_key', '=', mail.dedupeKey).executeTakeFirstOrThrow()).id;
  await sendMailLater(em, { mailId: id });
  return id;
}
