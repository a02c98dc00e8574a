import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { Conflict, NotFound } from '../shared/errors.ts';
import { queueMail } from './queue-mail.ts';
import { resendable } from './rules/one-use-links.ts';

/**
 * Staff send a stored email again: a copy of it as it was (same address, subject, both versions,
 * attachments, client and kind), through the outbox, sent once after commit.
 * NOTE: every request is a new email (its own dedupe key): staff asked for it again. Attachments
 * are rendered when the copy is sent, so an invoice paid since goes out as paid.
 */
export async function resendMail(em: EntityManager, id: number): Promise<{ id: number; to: string }> {
  return em.transactional(async (tx) => {
    const m = await db(tx)
      .selectFrom('mail_message')
      .select(['id', 'to', 'subject', 'html', 'text', 'attachments', 'client_id', 'kind'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!m) throw new NotFound('That email');
    // Their link worked once and is gone from the stored copy: a new one is sent from its own form.
    if (!resendable(m.kind)) throw new Conflict('Its link worked once and is not kept: send a new password or invitation link instead.');
    const copyId = await queueMail(tx, {
      to: m.to,
      subject: m.subject,
      html: m.html,
      text: m.text,
      attachments: m.attachments,
      clientId: m.client_id,
      kind: m.kind,
      resentFrom: m.id,
      dedupeKey: `resend:${m.id}:${randomUUID()}`,
    });
    return { id: copyId, to: m.to };
  });
}
