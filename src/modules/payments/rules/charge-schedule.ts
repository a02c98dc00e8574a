import { addDays } from '../../shared/dates.ts';

// When a renewal invoice's saved card is charged: on the due date (attempt 1), then on each
// retry day after it. Pure: `today` is a parameter.

export interface PastAttempt {
  attempt: number;
  status: 'pending' | 'succeeded' | 'declined' | 'authentication_required' | 'failed';
  /** The calendar day (UTC) it was made. */
  day: string;
}

/** Staff's "1,3,5" as sorted distinct whole days (1 to 60); junk entries are refused by the caller's schema. */
export function parseRetryDays(text: string): number[] {
  const days = text
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)
    .map(Number);
  return [...new Set(days.filter((d) => Number.isInteger(d) && d >= 1 && d <= 60))].sort((a, b) => a - b);
}

/**
 * The attempt number due today, or null. Attempt n comes on the due date plus its retry day,
 * and never sooner after the previous attempt than the schedule spaces them: an invoice first
 * charged late (a card saved after the due date, the worker down for days) is retried over the
 * following days, not on the next hourly runs. NOTE: no attempt follows one the bank asked the
 * cardholder to authenticate (only the client can finish it), one that succeeded, or one still
 * pending (its run may yet finish it).
 */
export function attemptDue(dueDate: string, retryDays: readonly number[], past: readonly PastAttempt[], today: string): number | null {
  if (past.some((a) => a.status === 'succeeded' || a.status === 'authentication_required' || a.status === 'pending')) return null;
  const last = past.reduce<PastAttempt | null>((max, a) => (max && max.attempt >= a.attempt ? max : a), null);
  const next = (last?.attempt ?? 0) + 1;
  const offsets = [0, ...retryDays];
  if (next > offsets.length) return null;
  if (today < addDays(dueDate, offsets[next - 1]!)) return null;
  if (last && today < addDays(last.day, offsets[next - 1]! - offsets[next - 2]!)) return null;
  return next;
}
