import type { EntityManager } from '@mikro-orm/postgresql';
import { JOB, sendMailLater } from '../../queue/jobs.ts';
import { currentRequestId } from '../../observability/log.ts';
import { noteOutboxRecorded } from '../outbox/record-outbox.ts';
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

/** JOB.sendMail's key without the id (`send-mail:42`). */
export const SEND_MAIL_KEY_PREFIX = 'send-mail:';

/**
 * Stores the rendered email and records its sending in the outbox, in the caller's
 * transaction: the send happens after commit, at least once, and is deduplicated by key.
 * NOTE: a new email and its outbox row are one statement (the hottest producer: every welcome,
 * invoice and reminder email). The row is what sendMailLater would record: JOB.sendMail's queue,
 * name, payload and key, built in SQL from the new id (test/integration/mail-outbox.test.ts checks
 * they match). A key stored before takes the two-statement path.
 */
export async function queueMail(em: EntityManager, mail: MailInput): Promise<number> {
  const q = db(em);
  const { queue, name } = JOB.sendMail;
  const inserted = await q
    .with('mail', (w) =>
      w
        .insertInto('mail_message')
        .values(mailRow(mail))
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('id'),
    )
    .with('work', (w) =>
      w
        .insertInto('outbox')
        .columns(['queue', 'job', 'payload', 'dedupe_key', 'request_id'])
        .expression((eb) =>
          eb
            .selectFrom('mail')
            .select([
              sql<string>`${queue}::text`.as('queue'),
              sql<string>`${name}::text`.as('job'),
              sql<Record<string, unknown>>`jsonb_build_object('mailId', mail.id)`.as('payload'),
              sql<string>`${SEND_MAIL_KEY_PREFIX}::text || mail.id`.as('dedupe_key'),
              sql<string | null>`${currentRequestId() ?? null}::text`.as('request_id'),
            ]),
        )
        .onConflict((oc) => oc.column('dedupe_key').doNothing()),
    )
    .selectFrom('mail')
    .select('id')
    .executeTakeFirst();
  noteOutboxRecorded();
  if (inserted) return inserted.id;
  const id = (await q.selectFrom('mail_message').select('id').where('dedupe_key', '=', mail.dedupeKey).executeTakeFirstOrThrow()).id;
  await sendMailLater(em, { mailId: id });
  return id;
}
