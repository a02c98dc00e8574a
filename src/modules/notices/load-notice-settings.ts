import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { db } from '../../db/database.ts';
import { NOTICE_EVENTS, type NoticeEvent } from './rules/notice-events.ts';
import { DEFAULT_OVERDUE_DAYS, DEFAULT_REMINDER_DAYS } from './rules/notice-days.ts';

export const NOTICES_SETTING_KEY = 'notices';

export interface NoticeSettings {
  /** The events staff switched off: nothing is sent for them. */
  off: NoticeEvent[];
  reminderDays: number[];
  overdueDays: number[];
}

const day = z.number().int().min(0).max(365);
/** What is stored, field by field: a field missing or malformed reads as its default. */
const stored = z.object({ off: z.array(z.enum(NOTICE_EVENTS)), reminderDays: z.array(day), overdueDays: z.array(day.min(1)) }).partial();

export const NOTICE_DEFAULTS: NoticeSettings = {
  off: [],
  reminderDays: [...DEFAULT_REMINDER_DAYS],
  overdueDays: [...DEFAULT_OVERDUE_DAYS],
};

/** Read on every message queued, in the caller's transaction (a switch flipped is seen at once). */
export async function loadNoticeSettings(em: EntityManager): Promise<NoticeSettings> {
  const row = await db(em).selectFrom('setting').select('value').where('key', '=', NOTICES_SETTING_KEY).executeTakeFirst();
  const parsed = stored.safeParse(row?.value ?? {});
  return { ...NOTICE_DEFAULTS, ...(parsed.success ? parsed.data : {}) };
}
