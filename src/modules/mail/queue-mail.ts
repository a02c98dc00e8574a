import type { EntityManager } from '@mikro-orm/postgresql';
import { sendMailLater } from '../../queue/jobs.ts';

export interface MailInput {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** One email per key, however often it is asked for (e.g. `welcome:service:42`). */
  dedupeKey: string;
}

/**
 * Stores the rendered email and records its sending in the outbox, in the caller's
 * transaction: the send happens after commit, at least once, and is deduplicated by key.
 */
export async function queueMail(em: EntityManager, mail: MailInput): Promise<number> {
  const conn = em.getConnection();
  const ctx = em.getTransactionContext();
  const inserted = await conn.execute<{ id: string }[]>(
    `insert into mail_message (dedupe_key, "to", subject, html, text) values (?, ?, ?, ?, ?)
     on conflict (dedupe_key) do nothing returning id`,
    [mail.dedupeKey, mail.to, mail.subject.slice(0, 300), mail.html, mail.text],
    'all',
    ctx,
  );
  const id = inserted[0]
    ? Number(inserted[0].id)
    : Number((await conn.execute<{ id: string }[]>('select id from mail_message where dedupe_key = ?', [mail.dedupeKey], 'all', ctx))[0]!.id);
  await sendMailLater(em, { mailId: id });
  return id;
}
