import type { EntityManager } from '@mikro-orm/postgresql';
import { outboxKey } from '../../queue/jobs.ts';
import { doneByKey, type OutboxDone } from '../outbox/outbox-state.ts';
import { sendError, type MailTransport } from './transport.ts';
import { renderAttachments } from './mail-attachments.ts';
import { db } from '../../db/database.ts';
import { leaseMail, markMailSent } from './mail-lease.ts';

export type SendResult = 'sent' | 'already-sent' | 'busy' | 'missing';

/**
 * Sends one stored email. Safe to run twice, or twice at once: a lease claimed with one
 * conditional UPDATE decides who sends, and a sent email is never sent again.
 * NOTE: a crash after the SMTP server accepted but before 'sent' is stored can resend once the
 * lease expires; the fixed Message-ID lets mail systems drop that duplicate.
 */
export async function sendMail(
  em: EntityManager,
  transport: MailTransport,
  mailId: number,
  from: string,
  now: Date,
  done: OutboxDone = doneByKey(outboxKey('sendMail', { mailId }), now),
): Promise<SendResult> {
  const q = db(em);
  const mail = await leaseMail(em, mailId, now);
  if (!mail) {
    const row = await q.selectFrom('mail_message').select('status').where('id', '=', mailId).executeTakeFirst();
    if (!row) return 'missing';
    if (row.status === 'sent') {
      await done(em);
      return 'already-sent';
    }
    return 'busy';
  }
  let smtpResponse: string;
  try {
    // NOTE: attachments are rendered now, from the rows as they stand: an invoice paid since the
    // email was asked for goes out as a paid invoice. A rendering that fails is retried like SMTP.
    const attachments = await renderAttachments(em, mail.attachments);
    smtpResponse = await transport.send({
      messageId: `<mail-${mail.id}@hostbill>`,
      from,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      ...(attachments.length ? { attachments } : {}),
    });
  } catch (err) {
    // Only under its own lease: had it lapsed mid-send, another sender holds the email now, and
    // may have sent it; "failed" would make it free to send a third time.
    await q
      .updateTable('mail_message')
      .set({ status: 'failed', claimed_until: null, last_error: sendError(err) })
      .where('id', '=', mailId)
      .where('status', '=', 'sending')
      .where('attempts', '=', mail.attempts)
      .execute();
    throw err;
  }
  // "Sent" and the outbox row closed in one statement: no transaction, one round trip.
  await markMailSent(em, mail, now, smtpResponse, done);
  return 'sent';
}
