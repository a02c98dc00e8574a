import { defineEntity, p } from '@mikro-orm/core';
import type { MailAttachment } from './mail-attachments.ts';

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * The client table, named rather than imported: mail sits below clients (src/modules/module-order.json).
 * MikroORM resolves the name when it discovers the entities; the type says only what mail needs.
 */
const CLIENT = 'Client' as unknown as { '~entity': { id: number } };

/** Every email the product sends, rendered at the time it was asked for, sent at most once. */
export const MailMessage = defineEntity({
  name: 'MailMessage',
  tableName: 'mail_message',
  // NOTE: no index on status: no query asks for emails by status, and as a lease and "sent" both
  // change it, every send wrote twice to such an index. Without one, those updates touch no
  // indexed column and may stay on their page (a HOT update) with no index written at all. They
  // do when the page has room for the new version: the table is filled to half at insert
  // (fillfactor 50, Migration20261207080000), as every row is updated twice soon after it is stored.
  indexes: [{ properties: ['client', 'createdAt'] }],
  checks: [{ name: 'mail_message_status_check', expression: "status in ('queued', 'sending', 'sent', 'failed')" }],
  properties: {
    id: p.bigint('number').primary(),
    dedupeKey: p.string().length(200).unique(),
    /** The client it was for; none for staff mail. */
    client: () => p.manyToOne(CLIENT).ref().nullable().deleteRule('set null'),
    /** What the email is ('welcome', 'invoice', ...), for the client's message log. */
    kind: p.string().length(40).default('other'),
    to: p.string().length(254),
    subject: p.string().length(300),
    html: p.text(),
    text: p.text(),
    /** What to attach, rendered when the email is sent (mail-attachments.ts). */
    attachments: p.json<MailAttachment[]>().default('[]'),
    /** A one-use token in the links of the email, taken out of its text and dropped once it is sent. */
    secret: p.string().length(200).nullable().hidden(),
    status: p.string().length(10).$type<MailStatus>().default('queued'),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    /** The SMTP server's answer when it accepted the email ("250 2.0.0 Ok: queued as ..."). */
    smtpResponse: p.text().nullable(),
    /** The email this one is a copy of, when staff sent it again. */
    resentFrom: p.bigint('number').nullable(),
    claimedUntil: p.datetime().nullable(),
    sentAt: p.datetime().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
