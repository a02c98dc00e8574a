import { addDays } from '../../shared/dates.ts';

// When a renewal invoice's saved card is charged: on the due date (attempt 1), then on each
// retry day after it. Pure: `today` is a parameter.

export interface PastAttempt {
  attempt: number;
  status: 'pending' | 'succeeded' | 'declined' | 'authentication_required' | 'failed';
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
 * The attempt number due today, or null. NOTE: no attempt follows one the bank asked the
 * cardholder to authenticate (only the client can finish it), one that succeeded, or one still
 * pending (its run may yet finish it).
 */
export function attemptDue(dueDate: string, retryDays: readonly number[], past: readonly PastAttempt[], today: string): number | null {
  if (past.some((a) => a.status === 'succeeded' || a.status === 'authentication_required' || a.status === 'pending')) return null;
  const next = past.reduce((max, a) => Math.max(max, a.attempt), 0) + 1;
  const offsets = [0, ...retryDays];
  if (next > offsets.length) return null;
  return today >= addDays(dueDate, offsets[next - 1]!) ? next : null;
}
