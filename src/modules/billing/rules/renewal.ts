import type { PriceSnapshot } from '../../pricing/rules/price-snapshot.ts';
import { compareDates, type CalendarDate } from '../../shared/dates.ts';
import { fromDecimalString, toDecimalString } from '../../shared/money.ts';
import { addTerms } from '../../pricing/rules/billing-cycle.ts';

// What a service's next renewal bills. Pure: the service's snapshot, its due date and today.

/** The parts of a price snapshot renewals read (any whole snapshot will do). */
export type RenewalSnapshot = Pick<PriceSnapshot, 'price' | 'quote'>;

export interface Renewal {
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  /** One service's renewal amount (the order's covers all its units), 4 decimals. */
  amount: string;
  currency: string;
}

/** The period starting at the due date, or null when the service does not renew. */
export function nextRenewal(snapshot: RenewalSnapshot, nextDueDate: CalendarDate, anchorDay: number | null): Renewal | null {
  const price = snapshot.price;
  const quote = snapshot.quote;
  if (!price || price.type !== 'recurring' || !price.intervalCount || !price.period || !quote?.renewalAmount || !quote.currency)
    return null;
  const units = BigInt(Math.max(1, quote.lines?.[0]?.quantity ?? 1));
  // NOTE: the end comes from the anchor day, never from chaining the last (clamped) date.
  const periodEnd = addTerms(nextDueDate, anchorDay ?? Number(nextDueDate.slice(8, 10)), price.intervalCount, price.period, 1);
  return {
    periodStart: nextDueDate,
    periodEnd,
    amount: toDecimalString(fromDecimalString(quote.renewalAmount) / units),
    currency: quote.currency,
  };
}

/** Whether the snapshot is a recurring price this module can renew; a recurring one it can't is a failure to report. */
export function renewalProblem(snapshot: RenewalSnapshot): string | null {
  const price = snapshot.price;
  if (!price || price.type !== 'recurring') return null;
  if (!price.intervalCount || !price.period) return 'The price snapshot has no term.';
  if (!snapshot.quote?.renewalAmount || !snapshot.quote.currency) return 'The price snapshot has no renewal amount or currency.';
  return null;
}

/**
 * Every period to bill now: chained from `from` (the end of the last billed period) while the
 * period starts on or before `horizon` and before `cancelAt`. More than one when the scan fell
 * behind (a worker down for days, a daily term); capped so one bad row cannot run away.
 */
export function renewalsUntil(
  snapshot: RenewalSnapshot,
  from: CalendarDate,
  anchorDay: number | null,
  horizon: CalendarDate,
  cancelAt: CalendarDate | null,
  max = 400,
): Renewal[] {
  const out: Renewal[] = [];
  // NOTE: without a stored anchor the first start's day is the anchor for the whole chain; taking
  // each clamped start's day instead would drift the 31st to the 28th.
  const anchor = anchorDay ?? Number(from.slice(8, 10));
  let start = from;
  while (out.length < max && compareDates(start, horizon) <= 0 && (cancelAt === null || compareDates(start, cancelAt) < 0)) {
    const r = nextRenewal(snapshot, start, anchor);
    if (!r) break;
    out.push(r);
    start = r.periodEnd;
  }
  return out;
}
