import type { EntityManager } from '@mikro-orm/postgresql';
import { saveNoticeSettings } from '../../src/modules/notices/save-notice-settings.ts';
import { NOTICE_EVENTS } from '../../src/modules/notices/rules/notice-events.ts';

/**
 * Switches every billing email off (invoice issued, receipts, ...), for tests that count the
 * other emails a client gets (the welcome email) and the outbox rows behind them.
 */
export function billingEmailsOff(em: EntityManager) {
  return saveNoticeSettings(em, { off: [...NOTICE_EVENTS], reminderDays: '3', overdueDays: '1, 7, 14' });
}
