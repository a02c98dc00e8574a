import { compareDates, daysBetween, type CalendarDate } from '../../shared/dates.ts';
import { addTerms, type Term } from './billing-cycle.ts';
import type { ProRataPlan } from './proration.ts';

// An add-on ordered for a service that already runs co-terms with it (DOMAIN.md "Add-ons"): its
// first charge runs from the order date to the parent's next due date, at
// `price × days_left / days_in_term`, where `days_in_term` is one full term of the parent ending
// on that date (a parent in its first, pro-rated part-period still counts a full term). It then
// renews with the parent, on its invoice:
//
//   parent monthly, due 2026-03-15;  add-on 10.00 ordered 2026-03-01
//   [Mar 1 ──14 days── Mar 15)   one term: [Feb 15 ──28 days── Mar 15)   10 × 14/28 = 5.0000
//
// NOTE (next term already invoiced): renewal invoices are made days before the period starts.
// When the parent's next term is billed already (`billedThrough` past the due date), the add-on's
// first invoice also holds those whole terms, so from then on the two renew on the same invoice.

export interface ParentTerm {
  /** The parent's next due date: the end of the period it is in. */
  nextDue: CalendarDate;
  /** The end of the last period billed for the parent (its next due date when none is billed ahead). */
  billedThrough: CalendarDate;
  /** The parent's anchor day, which the add-on takes. */
  anchorDay: number;
  term: Term;
}

/** The add-on's first charge as a pro rata plan (the quote prices it like any stub), or a reason it cannot be ordered. */
export function coTermPlan(orderDate: CalendarDate, parent: ParentTerm): ProRataPlan {
  const { nextDue, billedThrough, anchorDay, term } = parent;
  if (compareDates(orderDate, nextDue) >= 0)
    throw new RangeError(`The parent's due date ${nextDue} is not after the order date ${orderDate}.`);
  if (compareDates(billedThrough, nextDue) < 0)
    throw new RangeError(`The parent is billed through ${billedThrough}, before its due date ${nextDue}.`);
  const termStart = addTerms(nextDue, anchorDay, term.intervalCount, term.period, -1);
  let fullTerms = 0;
  for (let at = nextDue; compareDates(at, billedThrough) < 0; at = addTerms(at, anchorDay, term.intervalCount, term.period, 1)) {
    if (++fullTerms > 400) throw new RangeError(`${billedThrough} is not a whole number of terms after ${nextDue}.`);
  }
  if (fullTerms > 0 && addTerms(nextDue, anchorDay, term.intervalCount, term.period, fullTerms) !== billedThrough) {
    throw new RangeError(`${billedThrough} is not a whole number of terms after ${nextDue}.`);
  }
  return {
    start: orderDate,
    end: nextDue,
    days: daysBetween(orderDate, nextDue),
    daysInTerm: daysBetween(termStart, nextDue),
    pastCutoff: fullTerms > 0,
    fullTerms: Math.max(1, fullTerms),
    anchorDay,
    firstRenewalDate: billedThrough,
  };
}
