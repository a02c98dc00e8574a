import { addDays, daysBetween, type CalendarDate } from '../../shared/dates.ts';

// Reminder days: "3" (days before the due date) and "1,7,14" (days after it) as staff type them,
// and which of them an unpaid invoice has reached today. Pure.

export const DEFAULT_REMINDER_DAYS: readonly number[] = [3];
export const DEFAULT_OVERDUE_DAYS: readonly number[] = [1, 7, 14];
const MAX_DAY = 365;
const MAX_COUNT = 10;

/**
 * A run the sweep missed is caught up this many days late at most; past that the message would
 * say something no longer true ("due in 3 days" a week after it was due).
 */
export const CATCH_UP_DAYS = 3;

/** "1, 7 14" into [1, 7, 14]; an error (for the field) for anything but whole days in range. */
export function parseNoticeDays(raw: string, opts: { min: number }): { ok: true; days: number[] } | { ok: false; error: string } {
  const parts = raw.split(/[\s,;]+/).filter(Boolean);
  const bad = parts.find((p) => !/^\d{1,3}$/.test(p) || Number(p) < opts.min || Number(p) > MAX_DAY);
  if (bad !== undefined)
    return {
      ok: false,
      error: `"${bad.slice(0, 20)}" is not a number of days from ${opts.min} to ${MAX_DAY}. Separate days with commas, e.g. 1, 7, 14.`,
    };
  const days = [...new Set(parts.map(Number))].sort((a, b) => a - b);
  if (days.length > MAX_COUNT) return { ok: false, error: `At most ${MAX_COUNT} days.` };
  return { ok: true, days };
}

export const formatNoticeDays = (days: readonly number[]) => days.join(', ');

export interface DueNotice {
  event: 'invoice_reminder' | 'invoice_overdue';
  /** Days before (reminder) or after (overdue) the due date: part of the message's key. */
  offset: number;
}

/**
 * The reminder an unpaid invoice has reached on `today`: the latest configured day passed, if it
 * passed within CATCH_UP_DAYS. Its key holds the offset, so asking again sends nothing.
 * NOTE: only the latest: a sweep that did not run for a week sends one message per invoice, not
 * one for every day it missed.
 * NOTE: no reminder for a day before the invoice existed (issued two days before it is due, with
 * a 3-day reminder): its invoice email just said when it is due.
 */
export function dueNotice(
  invoice: { dueDate: CalendarDate; issuedOn: CalendarDate },
  today: CalendarDate,
  reminderDays: readonly number[],
  overdueDays: readonly number[],
): DueNotice | null {
  const late = daysBetween(invoice.dueDate, today);
  const overdue = overdueDays.filter((d) => d <= late && late - d <= CATCH_UP_DAYS);
  if (overdue.length) return { event: 'invoice_overdue', offset: Math.max(...overdue) };
  if (late > 0) return null;
  const ahead = -late;
  const issuedAhead = daysBetween(invoice.issuedOn, invoice.dueDate);
  const reminders = reminderDays.filter((d) => d >= ahead && d - ahead <= CATCH_UP_DAYS && d <= issuedAhead);
  return reminders.length ? { event: 'invoice_reminder', offset: Math.min(...reminders) } : null;
}

/** The due dates an unpaid invoice may have to reach one of these days on `today`, catch-up included. */
export function dueDateWindow(
  today: CalendarDate,
  reminderDays: readonly number[],
  overdueDays: readonly number[],
): { earliest: CalendarDate; latest: CalendarDate } {
  return { earliest: addDays(today, -(Math.max(0, ...overdueDays) + CATCH_UP_DAYS)), latest: addDays(today, Math.max(0, ...reminderDays)) };
}
