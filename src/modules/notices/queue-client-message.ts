import { storeDefaultLanguage } from '../settings/list-languages.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { MailAttachment } from '../mail/mail-attachments.ts';
import type { MailInput } from '../mail/queue-mail.ts';
import { queueMails } from '../mail/queue-mails.ts';
import { getSellerDetails } from '../settings/seller-details.ts';
import { loadNoticeSettings } from './load-notice-settings.ts';
import { renderClientMessage, type TagValue } from './render-client-message.ts';
import type { NoticeEvent } from './rules/notice-events.ts';
import { pickTemplate } from './rules/pick-template.ts';

export interface ClientMessage {
  event: NoticeEvent;
  clientId: number;
  /** What makes this message one of its kind (an invoice id, `<invoiceId>:<day offset>`): sent once per event and key. */
  key: string;
  /** Tag values; client.name, client.email and company.name are filled in here. */
  values: Readonly<Record<string, TagValue>>;
  attachments?: MailAttachment[];
}

/** The stored email's dedupe key: one message per event and key, however often it is asked for. */
export const messageKey = (event: NoticeEvent, key: string) => `${event}:${key}`;

/**
 * Queues billing messages to clients inside the caller's transaction (sent after commit, through
 * the outbox): each in its client's language, else the default language, in staff's wording else
 * the built-in one. An event staff switched off queues nothing. Returns the stored emails' ids.
 * NOTE: a handful of statements whatever the number of messages (clients, templates, settings,
 * one insert): a sweep queues thousands in one call.
 */
export async function queueClientMessages(tx: EntityManager, messages: readonly ClientMessage[]): Promise<number[]> {
  const { off } = await loadNoticeSettings(tx);
  const wanted = messages.filter((m) => !off.includes(m.event));
  if (!wanted.length) return [];
  const q = db(tx);
  const clients = await q
    .selectFrom('client')
    .select(['id', 'email', 'name', 'language'])
    .where('id', 'in', [...new Set(wanted.map((m) => m.clientId))])
    .execute();
  const stored = await q
    .selectFrom('message_template')
    .select(['event', 'language', 'subject', 'html', 'text'])
    .where('event', 'in', [...new Set(wanted.map((m) => m.event))])
    .execute();
  const defaultLanguage = (await storeDefaultLanguage(tx)) ?? 'en';
  const seller = await getSellerDetails(tx);
  const byId = new Map(clients.map((c) => [c.id, c]));
  const mails = wanted.flatMap((m): MailInput[] => {
    const client = byId.get(m.clientId);
    if (!client) return [];
    const template = pickTemplate(m.event, stored, client.language, defaultLanguage);
    const values = { 'client.name': client.name, 'client.email': client.email, 'company.name': seller.name, ...m.values };
    return [
      {
        to: client.email,
        ...renderClientMessage(template, values),
        clientId: client.id,
        kind: m.event,
        attachments: m.attachments,
        dedupeKey: messageKey(m.event, m.key),
      },
    ];
  });
  return queueMails(tx, mails);
}

/** One message: queueClientMessages for one. Null when its event is switched off (or its client is gone). */
export async function queueClientMessage(tx: EntityManager, message: ClientMessage): Promise<number | null> {
  const [id] = await queueClientMessages(tx, [message]);
  return id ?? null;
}
