import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { sendMailsLater } from '../../queue/jobs.ts';
import { mailRows, type MailInput } from './queue-mail.ts';

/**
 * queueMail for many emails at once (a reminder sweep, a renewal run's invoices): one insert and
 * one outbox statement whatever their number, in the caller's transaction. Returns the ids, new
 * or already stored under their keys.
 * NOTE: inserted in key order, so two transactions queueing overlapping keys wait on each other
 * in the same order and never deadlock; the later one finds the key taken and adds nothing.
 */
export async function queueMails(em: EntityManager, mails: readonly MailInput[]): Promise<number[]> {
  if (!mails.length) return [];
  const q = db(em);
  const sorted = [...new Map(mails.map((m) => [m.dedupeKey, m])).values()].sort((a, b) => (a.dedupeKey < b.dedupeKey ? -1 : 1));
  await q
    .insertInto('mail_message')
    .values(mailRows(sorted))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
  // NOTE: the ids of keys stored before too: their outbox row is recorded again (a no-op by its key), as queueMail does.
  const rows = await q
    .selectFrom('mail_message')
    .select('id')
    .where(
      'dedupe_key',
      'in',
      sorted.map((m) => m.dedupeKey),
    )
    .orderBy('id')
    .execute();
  await sendMailsLater(
    em,
    rows.map((r) => ({ mailId: r.id })),
  );
  return rows.map((r) => r.id);
}
