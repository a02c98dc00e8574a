import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { MailStatus } from './mail.entities.ts';

/** One line of a message log. */
export interface ClientMessageRow {
  id: number;
  /** When it was asked for (ISO). */
  at: string;
  kind: string;
  to: string;
  subject: string;
  status: MailStatus;
  /** The SMTP server's answer when it accepted the email. */
  smtpResponse: string | null;
  /** Why the last try failed; cleared once sent. */
  lastError: string | null;
  attempts: number;
}

/** Emails newest first: a client's (their message log) or the copies of one email. */
export async function listMessageRows(
  em: EntityManager,
  which: { clientId: number } | { copiesOf: number },
  opts: { limit: number; offset?: number },
): Promise<ClientMessageRow[]> {
  const rows = await db(em)
    .selectFrom('mail_message')
    .select(['id', 'created_at', 'kind', 'to', 'subject', 'status', 'smtp_response', 'last_error', 'attempts'])
    .where((eb) => ('clientId' in which ? eb('client_id', '=', which.clientId) : eb('resent_from', '=', which.copiesOf)))
    // NOTE: the id breaks ties: emails queued in one transaction share created_at.
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset ?? 0)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.created_at.toISOString(),
    kind: r.kind,
    to: r.to,
    subject: r.subject,
    status: r.status,
    smtpResponse: r.smtp_response,
    lastError: r.last_error,
    attempts: r.attempts,
  }));
}
