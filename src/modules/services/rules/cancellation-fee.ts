import { currencyOf, type PriceSnapshot } from '../../pricing/rules/price-snapshot.ts';
import { calendarDateOf, compareDates, type CalendarDate } from '../../shared/dates.ts';
import { applyRate, fromDecimalString, type Units } from '../../shared/money.ts';

// The fee for cancelling a service now (DOMAIN.md: "The cancellation fee is invoiced when a
// service is cancelled before its term ends"). The confirmation page promises what this returns
// and the cancellation invoices what it returns, so the two never disagree. Pure: `now` is passed in.

export interface CancellationFeeFacts {
  snapshot: PriceSnapshot;
  /** The end of the term paid for; null for a price without one (one-time, free). */
  nextDueDate: CalendarDate | null;
  /** The exchange rate of the service's currency, for a fee priced in the default currency (null reads as 1). */
  rate: string | null;
}

export interface CancellationFee {
  /** Before tax, 4 decimals, in `currency`. */
  amount: Units;
  /** The service's currency: what its invoices are in. */
  currency: string;
}

/** What cancelling now costs: null when the price has no fee or the term has no time left. */
export function cancellationFeeDue(facts: CancellationFeeFacts, now: Date): CancellationFee | null {
  const fee = facts.snapshot.price?.cancellationFee;
  if (!fee || fromDecimalString(fee) <= 0n) return null;
  // NOTE: on its due date the term has run out (an overdue service is past it): nothing ends early.
  if (facts.nextDueDate === null || compareDates(calendarDateOf(now), facts.nextDueDate) >= 0) return null;
  const currency = currencyOf(facts.snapshot) ?? 'USD';
  const pricedIn = facts.snapshot.price?.currency;
  // A fee priced in the default currency is converted at today's rate, like the service's renewals.
  const amount = pricedIn && pricedIn !== currency ? applyRate(fromDecimalString(fee), facts.rate ?? '1') : fromDecimalString(fee);
  return { amount, currency };
}
