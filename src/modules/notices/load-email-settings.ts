import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { listLanguages } from '../settings/list-languages.ts';
import { loadNoticeSettings } from './load-notice-settings.ts';
import { NOTICE_EVENT_INFO, NOTICE_EVENTS } from './rules/notice-events.ts';

/** The Emails page: each message, whether it is sent, and the languages staff worded it in. */
export async function loadEmailSettings(em: EntityManager) {
  const [settings, languages, worded] = [
    await loadNoticeSettings(em),
    await listLanguages(em),
    await db(em).selectFrom('message_template').select(['event', 'language']).execute(),
  ];
  const events = NOTICE_EVENTS.map((event) => ({
    ...NOTICE_EVENT_INFO[event],
    on: !settings.off.includes(event),
    worded: worded.filter((w) => w.event === event).map((w) => w.language),
  }));
  return { events, languages, reminderDays: settings.reminderDays, overdueDays: settings.overdueDays };
}
