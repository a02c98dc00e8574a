import type { EntityManager } from '@mikro-orm/postgresql';
import { outboxKey } from '../../queue/jobs.ts';
import { doneByKey, type OutboxDone } from '../outbox/relay-outbox.ts';
import type { MailTransport } from './transport.ts';

const LEASE_MS = 2 * 60_000;

export type SendResult = 'sent' | 'already-sent' | 'busy' | 'missing';

/**
 * Sends one stored email. Safe to run twice, or twice at once: a lease claimed with one
 * conditional UPDATE decides who sends, and a sent email is never sent again.
 * NOTE: a crash after the SMTP server accepted but before 'sent' is stored can resend once the
 * lease expires; the fixed Message-ID lets mail systems drop that duplicate.
 */
export async function sendMail(em: EntityManager, transport: MailTransport, mailId: number, from: string, now: Date, done: OutboxDone = doneByKey(outboxKey('sendMail', { mailId }), now)): Promise<SendResult> {
  const conn = em.getConnection();
  const claimed = await conn.execute<{ id: string; to: string; subject: string; html: string; text: string; dedupe_key: string }[]>(
    `update mail_message set status = 'sending', claimed_until = ?, attempts = attempts + 1
      where id = ? and (status in ('queued', 'failed') or (status = 'sending' and claimed_until < ?))
      returning id, "to", subject, html, text, dedupe_key`,
    [new Date(now.getTime() + LEASE_MS), mailId, now],
  );
  const mail = claimed[0];
  if (!mail) {
    const [row] = await conn.execute<{ status: string; dedupe_key: string }[]>('select status, dedupe_key from mail_message where id = ?', [mailId]);
    if (!row) return 'missing';
    if (row.status === 'sent') {
      await done(em);
      return 'already-sent';
    }
    return 'busy';
  }
  try {
    await transport.send({ messageId: `<mail-${mail.id}@hostbill>`, from, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text });
  } catch (err) {
    await conn.execute(`update mail_message set status = 'failed', claimed_until = null, last_error = ? where id = ?`, [String((err as Error).message).slice(0, 2000), mailId]);
    throw err;
  }
  await em.transactional(async (tx) => {
    await tx.getConnection().execute(`update mail_message set status = 'sent', sent_at = ?, claimed_until = null, last_error = null where id = ?`, [now, mailId], 'run', tx.getTransactionContext());
    await done(tx);
  });
  return 'sent';
}
