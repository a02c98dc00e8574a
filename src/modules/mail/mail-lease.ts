import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { coalesce } from '../../db/coalesce.ts';
import { closeOutboxIn, type OutboxDone } from '../outbox/outbox-state.ts';
import type { MailAttachment } from './mail-attachments.ts';

// The two statements every email's sending runs: its lease, and "sent" with its outbox row closed.
// A mail worker runs many sends at once; their statements made at the same moment go to the
// database as one (src/db/coalesce.ts), each row with its own time, so ten jobs are one round
// trip, not ten. Results are exactly those of the one-row statements.

/**
 * How long a sender holds an email. NOTE: longer than one send can take before nodemailer gives
 * up (DNS 30 s, connecting 2 min, the greeting 30 s, then a socket quiet for up to 10 min, the
 * wait RFC 5321 allows a server after the message's final dot): a lease lapsing mid-send would
 * let a second sender send it again. It only delays an email whose worker died mid-send.
 */
const LEASE_MS = 15 * 60_000;
/** What a sent email's one-use token is replaced with in the stored copy. */
export const REMOVED_SECRET = 'removed-once-sent';

export interface LeasedMail {
  id: number;
  /** The email's attempts counted with this lease: it names the lease (each lease adds one). */
  attempts: number;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
}

interface LeaseCall {
  em: EntityManager;
  mailId: number;
  now: Date;
}

interface SentCall {
  em: EntityManager;
  mailId: number;
  /** The lease it was sent under (LeasedMail.attempts). */
  attempts: number;
  now: Date;
  smtpResponse: string;
  done: OutboxDone;
}

/** A lease is free to take: never claimed, failed, or claimed by a sender whose lease lapsed. */
async function leaseOne({ em, mailId, now }: LeaseCall): Promise<LeasedMail | null> {
  const row = await db(em)
    .updateTable('mail_message')
    .set({ status: 'sending', claimed_until: new Date(now.getTime() + LEASE_MS), attempts: sql`attempts + 1` })
    .where('id', '=', mailId)
    .where((eb) => eb.or([eb('status', 'in', ['queued', 'failed']), eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', now)])]))
    .returning(['id', 'attempts', 'to', 'subject', 'html', 'text', 'attachments'])
    .executeTakeFirst();
  return row ?? null;
}

/**
 * The same lease for many emails in one UPDATE. NOTE: rows another statement holds locked are
 * skipped, not waited for (their caller gets no lease, as the one-row UPDATE would once the other
 * commits), so batches from two workers never wait on each other in opposite orders. They are
 * locked once, first (a materialized CTE): as a semi-join's inner side the locking select ran
 * again for every row, about twice the buffer reads of the whole statement. An email
 * asked for twice in one batch is leased to the first caller only. Not a named statement: see
 * statement.ts on plans kept from a nearly empty table.
 */
async function leaseMany(calls: readonly LeaseCall[]): Promise<(LeasedMail | null)[]> {
  const ids = calls.map((c) => c.mailId);
  const { rows } = await sql<LeasedMail>`
    with free as materialized (select id from mail_message where id = any(${ids}::bigint[]) for update skip locked)
    update mail_message m
       set status = 'sending', claimed_until = r.now + ${LEASE_MS} * interval '1 millisecond', attempts = m.attempts + 1
      from unnest(${ids}::bigint[], ${calls.map((c) => c.now)}::timestamptz[]) as r(id, now) join free using (id)
     where m.id = r.id
       and (m.status in ('queued', 'failed') or (m.status = 'sending' and m.claimed_until < r.now))
    returning m.id, m.attempts, m."to", m.subject, m.html, m.text, m.attachments`.execute(db(calls[0]!.em));
  const byId = new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id) }]));
  return calls.map((c) => {
    const row = byId.get(c.mailId) ?? null;
    byId.delete(c.mailId);
    return row;
  });
}

/** "Sent", the link's token gone from the stored copy, and the outbox row closed: one statement. */
async function markSentOne({ em, mailId, attempts, now, smtpResponse, done }: SentCall): Promise<void> {
  await closeOutboxIn(
    db(em).with('sent', (w) =>
      w
        .updateTable('mail_message')
        .set({
          status: 'sent',
          sent_at: now,
          claimed_until: null,
          last_error: null,
          smtp_response: smtpResponse,
          html: sql`case when secret is null then html else replace(html, secret, ${REMOVED_SECRET}) end`,
          text: sql`case when secret is null then text else replace(text, secret, ${REMOVED_SECRET}) end`,
          secret: null,
        })
        .where('id', '=', mailId)
        .where('status', '=', 'sending')
        .where('attempts', '=', attempts),
    ),
    done,
  ).execute();
}

/** The same for many emails in one statement; outbox rows are closed by id or by key, as each `done` names it. */
async function markSentMany(calls: readonly SentCall[]): Promise<void[]> {
  const byId = (c: SentCall) => ('id' in c.done.row ? c.done.row.id : null);
  const byKey = (c: SentCall) => ('key' in c.done.row ? c.done.row.key : null);
  await sql`
    with r as (
      select * from unnest(${calls.map((c) => c.mailId)}::bigint[], ${calls.map((c) => c.attempts)}::int[], ${calls.map((c) => c.now)}::timestamptz[],
                           ${calls.map((c) => c.smtpResponse)}::text[], ${calls.map(byId)}::bigint[], ${calls.map(byKey)}::text[],
                           ${calls.map((c) => c.done.at)}::timestamptz[])
               as r(id, attempts, now, smtp_response, outbox_id, outbox_key, done_at)
    ), sent as (
      update mail_message m
         set status = 'sent', sent_at = r.now, claimed_until = null, last_error = null, smtp_response = r.smtp_response,
             html = case when m.secret is null then m.html else replace(m.html, m.secret, ${REMOVED_SECRET}) end,
             text = case when m.secret is null then m.text else replace(m.text, m.secret, ${REMOVED_SECRET}) end,
             secret = null
        from r where m.id = r.id and m.status = 'sending' and m.attempts = r.attempts
    ), closed_by_id as (
      update outbox o set processed_at = r.done_at, failed_at = null from r where o.id = r.outbox_id and o.processed_at is null
    )
    update outbox o set processed_at = r.done_at, failed_at = null from r where o.dedupe_key = r.outbox_key and o.processed_at is null`.execute(
    db(calls[0]!.em),
  );
  for (const c of calls) c.done.used = true;
  return calls.map(() => undefined);
}

// One pair per process: every sender's statements share them, whatever EntityManager fork it has.
const leaseCoalesced = coalesce({ batch: leaseMany, one: leaseOne });
const markSentCoalesced = coalesce({ batch: markSentMany, one: markSentOne });

/**
 * Batched only outside a transaction and outside a recorded (audited) session: a statement of
 * several callers must belong to none of them in particular.
 */
const shareable = (em: EntityManager) => !em.isInTransaction() && !em.getSessionContext();

/** Takes the email's lease, or null when it is not free (sent, or another sender holds it). */
export function leaseMail(em: EntityManager, mailId: number, now: Date): Promise<LeasedMail | null> {
  return shareable(em) ? leaseCoalesced({ em, mailId, now }) : leaseOne({ em, mailId, now });
}

/**
 * Records the email as sent under its lease (dropping its one-use token) and closes `done`'s
 * outbox row with it. NOTE: only while that lease is the email's: a sender whose lease lapsed
 * mid-send (a server that stalled for longer than LEASE_MS) finds another sender holding it,
 * whose own outcome is the one recorded. The outbox row is closed either way: the work was done.
 */
export function markMailSent(
  em: EntityManager,
  lease: Pick<LeasedMail, 'id' | 'attempts'>,
  now: Date,
  smtpResponse: string,
  done: OutboxDone,
): Promise<void> {
  const call = { em, mailId: lease.id, attempts: lease.attempts, now, smtpResponse, done };
  return shareable(em) ? markSentCoalesced(call) : markSentOne(call);
}
