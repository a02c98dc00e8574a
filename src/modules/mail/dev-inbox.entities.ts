import { defineEntity, p } from '@mikro-orm/core';

/** An attachment as the inbox keeps it: the bytes as base64, so the row is the message as sent. */
export interface InboxAttachment {
  filename: string;
  contentType: string;
  size: number;
  base64: string;
}

/**
 * Mail "delivered" to the built-in inbox (outside production, without SMTP_URL): what would have
 * gone to the SMTP server, for staff to read at /admin/inbox. One row per Message-ID, so a
 * retried send never shows twice.
 */
export const DevInboxMessage = defineEntity({
  name: 'DevInboxMessage',
  tableName: 'dev_inbox_message',
  indexes: [{ properties: ['receivedAt'] }],
  properties: {
    id: p.bigint('number').primary(),
    messageId: p.string().length(300).unique(),
    from: p.string().length(300),
    to: p.string().length(254),
    subject: p.string().length(300),
    html: p.text(),
    text: p.text(),
    attachments: p.json<InboxAttachment[]>().default('[]'),
    receivedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
