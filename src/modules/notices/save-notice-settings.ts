import type { EntityManager } from '@mikro-orm/postgresql';
import { Setting } from '../settings/settings.entities.ts';
import { DomainError } from '../shared/errors.ts';
import { NOTICES_SETTING_KEY, type NoticeSettings } from './load-notice-settings.ts';
import { isNoticeEvent } from './rules/notice-events.ts';
import { parseNoticeDays } from './rules/notice-days.ts';

export interface NoticeSettingsInput {
  /** The events switched off. */
  off: unknown;
  reminderDays: unknown;
  overdueDays: unknown;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);

/**
 * Which events are sent and on which days reminders go. Both day fields are checked before
 * anything is stored: a mistake in one leaves what was stored as it was.
 */
export async function saveNoticeSettings(em: EntityManager, input: NoticeSettingsInput): Promise<NoticeSettings> {
  const reminder = parseNoticeDays(typeof input.reminderDays === 'string' ? input.reminderDays : '', { min: 0 });
  const overdue = parseNoticeDays(typeof input.overdueDays === 'string' ? input.overdueDays : '', { min: 1 });
  const errors: Record<string, string> = {};
  if (!reminder.ok) errors.reminderDays = reminder.error;
  if (!overdue.ok) errors.overdueDays = overdue.error;
  const unknown = asList(input.off).find((e) => !isNoticeEvent(e));
  if (unknown !== undefined)
    errors.off = `${(typeof unknown === 'string' ? unknown : JSON.stringify(unknown)).slice(0, 40)} is not a message this product sends.`;
  if (!reminder.ok || !overdue.ok || Object.keys(errors).length) throw DomainError.fromFields(errors);
  const value: NoticeSettings = {
    off: [...new Set(asList(input.off).filter(isNoticeEvent))],
    reminderDays: reminder.days,
    overdueDays: overdue.days,
  };
  await em.upsert(Setting, { key: NOTICES_SETTING_KEY, value });
  return value;
}
