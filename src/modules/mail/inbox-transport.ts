import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { MailTransport, OutgoingMail } from './transport.ts';

/** What sendMail stores as the "SMTP answer" of a message kept in the built-in inbox. */
export const INBOX_RESPONSE = '250 Kept in the built-in inbox (/admin/inbox), not sent';

/**
 * The built-in inbox as a transport: each message becomes a dev_inbox_message row, as it would have
 * been sent. `em` is forked for every message (sends run concurrently).
 * NOTE: a resend after a crash (send-mail.ts) carries the same Message-ID, so the insert does
 * nothing the second time, as a mail system drops the duplicate.
 */
export function inboxTransport(em: () => EntityManager): MailTransport {
  return {
    async send(mail: OutgoingMail) {
      const attachments = (mail.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        size: a.content.length,
        base64: a.content.toString('base64'),
      }));
      await db(em())
        .insertInto('dev_inbox_message')
        .values({
          message_id: mail.messageId,
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          attachments: JSON.stringify(attachments) as never,
        })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .execute();
      return INBOX_RESPONSE;
    },
    close() {},
  };
}
