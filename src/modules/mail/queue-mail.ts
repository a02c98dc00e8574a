import type { EntityManager } from '@mikro-orm/postgresql';
import { JOB, sendMailLater } from '../../queue/jobs.ts';
import { currentRequestId } from '../../observability/log.ts';
import { noteOutboxRecorded } from '../outbox/record-outbox.ts';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { statement } from '../../db/statement.ts';
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

/** The values of the `mail_message` row an email is stored as, attachments as JSON text. */
function mailValues(mail: MailInput) {
  return {
    dedupe_key: mail.dedupeKey,
    to: mail.to,
    subject: mail.subject.slice(0, 300),
    html: mail.html,
    text: mail.text,
    attachments: JSON.stringify(mail.attachments ?? []),
    client_id: mail.clientId ?? null,
    kind: mail.kind ?? 'other',
    resent_from: mail.resentFrom ?? null,
    secret: mail.secret ?? null,
  };
}

type MailValues = ReturnType<typeof mailValues>;

/**
 * The `mail_message` row an email is stored as (queueMail and queueMails alike).
 * NOTE: each column named, not spread: for queueMail's statement `v` stands for values it does not hold.
 */
function mailRow(v: MailValues) {
  return {
    dedupe_key: v.dedupe_key,
    to: v.to,
    subject: v.subject,
    html: v.html,
    text: v.text,
    attachments: sql<MailAttachment[]>`${v.attachments}::jsonb`,
    client_id: v.client_id,
    kind: v.kind,
    resent_from: v.resent_from,
    secret: v.secret,
  };
}

export const mailRows = (mails: readonly MailInput[]) => mails.map((m) => mailRow(mailValues(m)));

/** JOB.sendMail's key without the id (`send-mail:42`). */
export const SEND_MAIL_KEY_PREFIX = 'send-mail:';

const { queue: MAIL_QUEUE, name: SEND_MAIL } = JOB.sendMail;

/** The email and its outbox row: one named statement (statement.ts), planned once per connection. */
const insertMail = statement((q, v: MailValues & { request_id: string | null }) =>
  q
    .with('mail', (w) =>
      w
        .insertInto('mail_message')
        .values(mailRow(v))
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
              sql<string>`${MAIL_QUEUE}::text`.as('queue'),
              sql<string>`${SEND_MAIL}::text`.as('job'),
              sql<Record<string, unknown>>`jsonb_build_object('mailId', mail.id)`.as('payload'),
              sql<string>`${SEND_MAIL_KEY_PREFIX}::text || mail.id`.as('dedupe_key'),
              sql<string | null>`${v.request_id}::text`.as('request_id'),
            ]),
        )
        .onConflict((oc) => oc.column('dedupe_key').doNothing()),
    )
    .selectFrom('mail')
    .select('id'),
);

/**
 * Stores the rendered email and records its sending in the outbox, in the caller's
 * transaction: the send happens after commit, at least once, and is deduplicated by key.
 * NOTE: a new email and its outbox row are one statement (the hottest producer: every welcome,
 * invoice and reminder email). The row is what sendMailLater would record: JOB.sendMail's queue,
 * name, payload and key, built in SQL from the new id (test/integration/mail-outbox.test.ts checks
 * they match). A key stored before takes the two-statement path.
 */
export async function queueMail(em: EntityManager, mail: MailInput): Promise<number> {
  const [inserted] = await insertMail.rows(em, { ...mailValues(mail), request_id: currentRequestId() ?? null });
  noteOutboxRecorded();
  if (inserted) return inserted.id;
  const id = (await db(em).selectFrom('mail_message').select('id').where('dedupe_key', '=', mail.dedupeKey).executeTakeFirstOrThrow()).id;
  await sendMailLater(em, { mailId: id });
  return id;
}
