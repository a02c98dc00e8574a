import { addTerms } from '../../pricing/rules/billing-cycle.ts';
import { addDays, parseDate, type CalendarDate } from '../../shared/dates.ts';
import { nextRenewal, type RenewalSnapshot } from './renewal.ts';

// A service's coming periods, as the renewal scan will bill them. Pure: the service's snapshot,
// its due date and anchor, and (for invoice dates) the setting and today.
//
// NOTE (month ends): period k starts `k` terms after the due date, counted from the anchor day,
// never from the previous (possibly clamped) start, so anchor 31 gives
//   Jan 31 ── Feb 28 ── Mar 31 ── Apr 30   and never drifts to the 28th.

export interface SchedulePeriod {
  start: CalendarDate;
  /** Exclusive: the next period starts here. */
  end: CalendarDate;
  /** One service's renewal amount before tax, 4 decimals. */
  amount: string;
  currency: string;
  /** The day the scan invoices it; set when `invoicing` is given. */
  invoiceDate?: CalendarDate;
}

export interface InvoicingWindow {
  /** The `invoice_days_before` setting. */
  invoiceDaysBefore: number;
  /** A period whose invoice day has passed is invoiced at the next run: today. */
  today: CalendarDate;
}

/** Stops runaway chains (a daily term walked for decades); far beyond any window we show. */
const MAX_PERIODS = 5000;

/** The day a period starting on `start` is invoiced: `invoiceDaysBefore` days ahead, or today if that has passed. */
export function invoiceDateFor(start: CalendarDate, window: InvoicingWindow): CalendarDate {
  const natural = addDays(start, -window.invoiceDaysBefore);
  // NOTE: canonical 'YYYY-MM-DD' strings sort as dates; the preview compares hundreds of thousands.
  return natural < window.today ? window.today : natural;
}

/**
 * Periods from the due date on, while `more(start, index)` says so, ending before `cancelAt`
 * (a service ends on that day and does not renew: a period starting on or after it is never billed).
 * Non-recurring snapshots have none.
 */
export function chainPeriods(
  snapshot: RenewalSnapshot,
  nextDueDate: CalendarDate,
  anchorDay: number | null,
  more: (start: CalendarDate, index: number) => boolean,
  cancelAt?: CalendarDate | null,
): SchedulePeriod[] {
  // The anchor is fixed once: a null anchor means the due date's own day, never a later clamped one.
  const anchor = anchorDay ?? parseDate(nextDueDate).day;
  const first = nextRenewal(snapshot, nextDueDate, anchor);
  const price = snapshot.price;
  if (!first || !price?.intervalCount || !price.period) return [];
  const out: SchedulePeriod[] = [];
  let start = first.periodStart;
  for (let k = 0; k < MAX_PERIODS && more(start, k); k++) {
    if (cancelAt && start >= cancelAt) break;
    const end = addTerms(nextDueDate, anchor, price.intervalCount, price.period, k + 1);
    out.push({ start, end, amount: first.amount, currency: first.currency });
    start = end;
  }
  return out;
}

/** The next `count` periods from the due date, with invoice dates when `invoicing` is given. */
export function upcomingPeriods(
  snapshot: RenewalSnapshot,
  nextDueDate: CalendarDate,
  anchorDay: number | null,
  count: number,
  cancelAt?: CalendarDate | null,
  invoicing?: InvoicingWindow,
): SchedulePeriod[] {
  if (!Number.isInteger(count) || count < 1) return [];
  const periods = chainPeriods(snapshot, nextDueDate, anchorDay, (_start, k) => k < count, cancelAt);
  return invoicing ? periods.map((p) => ({ ...p, invoiceDate: invoiceDateFor(p.start, invoicing) })) : periods;
}
