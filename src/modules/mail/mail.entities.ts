import { defineEntity, p } from '@mikro-orm/core';
import type { MailAttachment } from './mail-attachments.ts';

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** Every email the product sends, rendered at the time it was asked for, sent at most once. */
export const MailMessage = defineEntity({
  name: 'MailMessage',
  tableName: 'mail_message',
  indexes: [{ properties: ['status'] }],
  checks: [{ name: 'mail_message_status_check', expression: "status in ('queued', 'sending', 'sent', 'failed')" }],
  properties: {
    id: p.bigint('number').primary(),
    dedupeKey: p.string().length(200).unique(),
    to: p.string().length(254),
    subject: p.string().length(300),
    html: p.text(),
    text: p.text(),
    /** What to attach, rendered when the email is sent (mail-attachments.ts). */
    attachments: p.json<MailAttachment[]>().default('[]'),
    status: p.string().length(10).$type<MailStatus>().default('queued'),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    claimedUntil: p.datetime().nullable(),
    sentAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
