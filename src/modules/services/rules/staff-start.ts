import type { SnapshotQuote } from '../../pricing/rules/price-snapshot.ts';
import { addDays, compareDates, parseDate, type CalendarDate } from '../../shared/dates.ts';

// A service staff start without an invoice ("activate now", "record an existing account"): it
// runs from today to the due date staff chose, and that first period is not billed (DOMAIN.md
// "Staff-added services"). Pure: `today` is passed in.

/** Why a chosen next due date cannot be used, or null. Only a recurring price needs one. */
export function nextDueProblem(today: CalendarDate, nextDueDate: CalendarDate | undefined, recurring: boolean): string | null {
  if (!recurring) return null;
  if (!nextDueDate) return 'Choose the date of the first renewal.';
  if (compareDates(nextDueDate, today) <= 0) return `Choose a date after today (${today}).`;
  if (compareDates(nextDueDate, addDays(today, 5 * 366)) > 0) return 'Choose a date within five years.';
  return null;
}

/**
 * The quote a started service keeps in its snapshot: its prices as quoted (renewals charge
 * them), its first period from today to the chosen due date, renewing on that date's day.
 */
export function unbilledStart(quote: SnapshotQuote, today: CalendarDate, nextDueDate: CalendarDate | null): SnapshotQuote {
  if (!nextDueDate || !quote.firstRenewalDate)
    return { ...quote, periodStart: today, periodEnd: null, firstRenewalDate: null, anchorDay: null };
  return { ...quote, periodStart: today, periodEnd: nextDueDate, firstRenewalDate: nextDueDate, anchorDay: parseDate(nextDueDate).day };
}
