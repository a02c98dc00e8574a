import type { Period } from '../../catalog/rules/constants.ts';
import { type CalendarDate, clampedDate, addDays, compareDates, daysBetween, daysInMonth, parseDate } from '../../shared/dates.ts';

// Terms of `intervalCount` × day/week/month/year, counted from an anchor.
//
// NOTE (month ends): every date is computed from the anchor, term n = anchor + n terms, with the
// day clamped to the month's last day. Nothing is chained from the previous due date, so a
// clamped February never drags the anchor down to the 28th:
//
//   anchor 31 ─ Jan 31 ── Feb 28 ── Mar 31 ── Apr 30 ── May 31 ...   (Feb 29 in leap years)
//                         ^ clamped  ^ back to the anchor
//
// NOTE (leap day): a yearly term anchored on Feb 29 falls on Feb 28 in common years and on
// Feb 29 again in leap years.

export interface Term {
  intervalCount: number;
  period: Period;
}

/** Where a service's terms are counted from: term 0 starts on `anchorDate`. */
export interface BillingCycle extends Term {
  anchorDate: CalendarDate;
  /** 1-31: the day of month every month/year term returns to; unused by day/week terms. */
  anchorDay: number;
}

/** [start, end): the service is paid for `start` up to, not including, `end`. */
export interface BillingPeriod {
  index: number;
  start: CalendarDate;
  end: CalendarDate;
}

function checkTerm(intervalCount: number, period: Period): void {
  if (!Number.isInteger(intervalCount) || intervalCount < 1) throw new RangeError(`Not an interval count: ${intervalCount}`);
  if (period !== 'day' && period !== 'week' && period !== 'month' && period !== 'year')
    throw new RangeError(`Not a period: ${String(period)}`);
}

/** Months in one term, or null for day/week terms (counted in days). */
export function monthsPerTerm({ intervalCount, period }: Term): number | null {
  return period === 'month' ? intervalCount : period === 'year' ? intervalCount * 12 : null;
}

function daysPerTerm({ intervalCount, period }: Term): number {
  return period === 'week' ? intervalCount * 7 : intervalCount;
}

/**
 * The date `n` terms after `start` (n may be negative or 0).
 * `start` must be on the anchor (its day is `anchorDay`, or its month's last day when the month is
 * shorter): a start off the anchor means the caller mixed up two services' cycles.
 */
export function addTerms(start: CalendarDate, anchorDay: number, intervalCount: number, period: Period, n: number): CalendarDate {
  checkTerm(intervalCount, period);
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of terms: ${n}`);
  const months = monthsPerTerm({ intervalCount, period });
  if (months === null) return addDays(start, n * daysPerTerm({ intervalCount, period }));
  if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31) throw new RangeError(`Not an anchor day: ${anchorDay}`);
  const { year, month, day } = parseDate(start);
  if (day !== Math.min(anchorDay, daysInMonth(year, month))) {
    throw new RangeError(`${start} is not on anchor day ${anchorDay}.`);
  }
  return clampedDate(year, month + n * months, anchorDay);
}

/** A cycle starting on `start`; its anchor day is the start's day unless given (pro rata gives D). */
export function cycleFrom(start: CalendarDate, term: Term, anchorDay = parseDate(start).day): BillingCycle {
  checkTerm(term.intervalCount, term.period);
  return { anchorDate: start, anchorDay, intervalCount: term.intervalCount, period: term.period };
}

/** The nth period of a cycle (0 is the one starting on the anchor date). */
export function periodFor(cycle: BillingCycle, n: number): BillingPeriod {
  const at = (k: number) => addTerms(cycle.anchorDate, cycle.anchorDay, cycle.intervalCount, cycle.period, k);
  return { index: n, start: at(n), end: at(n + 1) };
}

/** The period holding `date` (which may be before the anchor: then the index is negative). */
export function periodContaining(cycle: BillingCycle, date: CalendarDate): BillingPeriod {
  const months = monthsPerTerm(cycle);
  let n: number;
  if (months === null) {
    n = Math.floor(daysBetween(cycle.anchorDate, date) / daysPerTerm(cycle));
  } else {
    const a = parseDate(cycle.anchorDate);
    const d = parseDate(date);
    n = Math.floor((d.year * 12 + d.month - (a.year * 12 + a.month)) / months);
  }
  // The month count is only an estimate: a date in the anchor's month but before its day lies
  // in the previous period. Step until the period holds the date (at most one step each way).
  let p = periodFor(cycle, n);
  while (compareDates(date, p.start) < 0) p = periodFor(cycle, --n);
  while (compareDates(date, p.end) >= 0) p = periodFor(cycle, ++n);
  return p;
}

/**
 * The first term boundary strictly after `today`: the end of the period holding today, or the
 * anchor date itself while the first period has not begun (e.g. a pro rata stub runs until D).
 * NOTE: on a due date this answers the following one: today's period is already due.
 */
export function nextDueDate(cycle: BillingCycle, today: CalendarDate): CalendarDate {
  if (compareDates(today, cycle.anchorDate) < 0) return cycle.anchorDate;
  return periodContaining(cycle, today).end;
}

/** Days in [start, start + one term), e.g. 28 for a month starting Feb 1 2015, 366 for a leap year. */
export function termLength(start: CalendarDate, anchorDay: number, term: Term): number {
  return daysBetween(start, addTerms(start, anchorDay, term.intervalCount, term.period, 1));
}
