import { monthsPerTerm, type Term } from '../../pricing/rules/billing-cycle.ts';
import { type CalendarDate, daysInMonth, parseDate } from '../../shared/dates.ts';

// The anchor day a service keeps after a package change. Pure: the preview writes it into the
// new snapshot and applying the change writes the same into the service.
//
// NOTE: renewals count month and year terms from the anchor, and a due date off the anchor is
// refused (addTerms). A service moving from a weekly term to a monthly one would otherwise
// keep an anchor its due date is not on and fail every billing run. Day and week terms never
// read the anchor, so it stays as it was.

/** Whether `date` is on `anchorDay`: its day, or its month's last day when the month is shorter. */
export function isOnAnchor(date: CalendarDate, anchorDay: number | null): boolean {
  if (anchorDay === null || !Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31) return false;
  const { year, month, day } = parseDate(date);
  return day === Math.min(anchorDay, daysInMonth(year, month));
}

/**
 * The anchor for the new price's terms, counted from `nextDueDate` (the due date after the
 * change): null for a free price (no terms); for month and year terms the current anchor when
 * the due date is on it (an anchor of 31 on Feb 28 stays 31), else the due date's own day;
 * for day and week terms the current anchor, unchanged.
 */
export function anchorAfterChange(input: { term: Term | null; nextDueDate: CalendarDate | null; anchorDay: number | null }): number | null {
  const { term, nextDueDate, anchorDay } = input;
  if (term === null) return null;
  if (monthsPerTerm(term) === null || nextDueDate === null) return anchorDay;
  return isOnAnchor(nextDueDate, anchorDay) ? anchorDay : parseDate(nextDueDate).day;
}
