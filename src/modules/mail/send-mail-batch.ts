import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { withRequestId } from '../../observability/log.ts';
import { doneById, recordOutboxFailure } from '../outbox/outbox-state.ts';
import { NotFound } from '../shared/errors.ts';
import { mapAtMost } from '../shared/map-at-most.ts';
import { sendMail } from './send-mail.ts';
import { sendError, type MailTransport } from './transport.ts';

/** One email of a batch: its outbox row and that row's attempt, as the carrying job names them. */
export interface CarriedMail {
  outbox: number;
  attempt: number;
  mailId: number;
  /** The request that asked for it: its lines carry that id. */
  requestId?: string;
}

/** An email of the batch still to send, and why it was not sent this time. */
export interface UnsentMail {
  row: CarriedMail;
  reason: string;
}

/** Thrown when some emails of a batch are to be tried again: the job is retried, and if it gives up, each row gets its own reason. */
export class MailsNotSent extends Error {
  constructor(readonly unsent: readonly UnsentMail[]) {
    const shown = unsent.slice(0, 3).map((u) => `mail ${u.row.mailId}: ${u.reason}`);
    super(`${unsent.length} email${unsent.length === 1 ? '' : 's'} not sent (${shown.join('; ')}${unsent.length > 3 ? '; …' : ''}).`);
  }

  /** Why this row's email was not sent. */
  reasonFor(outbox: number): string {
    return this.unsent.find((u) => u.row.outbox === outbox)?.reason ?? this.message;
  }
}

/**
 * Emails of one batch being sent at once. NOTE: a worker runs WORKER_CONCURRENCY batches (5 by
 * default), so about 50 messages are in flight on its SMTP pool (5 connections unless the URL
 * says): enough to keep every connection and the shared statements busy, few enough that an
 * email leased (just before its send) is on the wire long before its lease lapses, and
 * that `?pool=false` opens no more than this many connections per batch.
 */
export const MAIL_SENDS_AT_ONCE = 10;

/**
 * Sends the emails of one carrying job, a few at a time: their leases and their "sent" share a
 * statement with the other sends of that moment (mail-lease.ts: under load, one for many emails;
 * in a quiet moment, one each), and each email is sent, and its
 * outbox row closed, exactly as a job of its own would (sendMail), leased at its own moment.
 * Returns the emails to try again; an email that can never go (its row gone, an attachment
 * whose invoice is gone) is recorded as failed for good on its own row, as a job of its own
 * failing for good would be.
 * NOTE: safe to run again (a retry, a worker that died mid-batch): rows already closed are left
 * alone, and sendMail never sends a sent email again (its own NOTE says the one window left: a
 * crash after the server accepted, which a killed worker opens for the emails it had in flight).
 */
export async function sendMailBatch(
  fork: () => EntityManager,
  transport: MailTransport,
  rows: readonly CarriedMail[],
  from: string,
): Promise<{ sent: number; unsent: UnsentMail[] }> {
  const { rows: open } = await sql<{ id: string }>`
    select id from outbox where id = any(${rows.map((r) => r.outbox)}::bigint[]) and processed_at is null`.execute(db(fork()));
  const stillOpen = new Set(open.map((r) => Number(r.id)));
  const toSend = rows.filter((row) => stillOpen.has(row.outbox));
  const results = await mapAtMost(toSend, MAIL_SENDS_AT_ONCE, (row) =>
    withRequestId(row.requestId, () => sendOne(fork, transport, row, from, new Date())),
  );
  return { sent: results.filter((r) => r === 'sent').length, unsent: results.filter((r) => typeof r === 'object') };
}

/** 'sent', 'closed' (sent before, or failed for good on its own row), or why it is to be tried again. */
async function sendOne(
  fork: () => EntityManager,
  transport: MailTransport,
  row: CarriedMail,
  from: string,
  now: Date,
): Promise<'sent' | 'closed' | UnsentMail> {
  let permanent: string;
  try {
    const result = await sendMail(fork(), transport, row.mailId, from, now, doneById(row.outbox, now));
    if (result === 'sent') return 'sent';
    if (result === 'already-sent') return 'closed';
    // Another worker holds the lease: tried again later, by when it has sent or its lease has lapsed.
    if (result === 'busy') return { row, reason: `Mail ${row.mailId} is being sent by another worker.` };
    permanent = `Mail ${row.mailId} does not exist.`;
  } catch (err) {
    if (!(err instanceof NotFound)) return { row, reason: sendError(err) };
    permanent = `Mail ${row.mailId} cannot be sent: ${err.message}`;
  }
  await recordOutboxFailure(fork(), { id: row.outbox, attempt: row.attempt }, { reason: permanent, permanent: true }, now);
  return 'closed';
}
