import type { Period } from '../../catalog/rules/constants.ts';
import { addTerms, termLength, type Term } from '../../pricing/rules/billing-cycle.ts';
import { type CalendarDate, compareDates, daysBetween, daysInMonth, parseDate } from '../../shared/dates.ts';
import { mulDiv, type Units } from '../../shared/money.ts';

// Which period a change is priced over, and what the old price paid for it. Pure.
//
//   ledger row [Jan 1 ─────── today Jan 17 ─────── Feb 1 = next due date)
//
// The period ledger says when the current period started; a service without a ledger row (one
// created before the ledger) counts one term of its price back from the next due date.

export interface ChangePeriod {
  start: CalendarDate;
  end: CalendarDate;
}

/** The anchor day a term counted from `start` uses: the service's, unless `start` is off it (a pro rata stub). */
export function anchorFrom(start: CalendarDate, anchorDay: number | null): number {
  const { year, month, day } = parseDate(start);
  if (anchorDay !== null && anchorDay >= 1 && anchorDay <= 31 && day === Math.min(anchorDay, daysInMonth(year, month))) return anchorDay;
  return day;
}

/**
 * The current period [start, nextDueDate). `ledger` is the latest period row holding today: the
 * period runs from its start to the due date (further than its end when the next period was
 * paid early: the service is paid up to the due date). Without one, one old term is counted
 * back from the due date.
 */
export function currentPeriod(input: {
  ledger: ChangePeriod | null;
  nextDueDate: CalendarDate;
  anchorDay: number | null;
  oldTerm: Term;
}): ChangePeriod {
  const { ledger, nextDueDate } = input;
  if (ledger && compareDates(ledger.start, nextDueDate) < 0 && compareDates(ledger.end, nextDueDate) <= 0)
    return { start: ledger.start, end: nextDueDate };
  const anchor = anchorFrom(nextDueDate, input.anchorDay);
  return { start: addTerms(nextDueDate, anchor, input.oldTerm.intervalCount, input.oldTerm.period, -1), end: nextDueDate };
}

/**
 * What the old price paid for the whole current period, from its per-term amount.
 * NOTE: usually the period is one term and this is the amount itself. A period that is not one
 * term of the current price (a pro rata stub, or a period that began under another price before
 * an earlier change) is credited at the current price's daily rate, never at the per-term
 * amount spread over a shorter period: a yearly price over a one-month period would otherwise
 * credit a year's money for a month's days.
 */
export function amountForPeriod(
  perTerm: Units,
  period: ChangePeriod,
  anchorDay: number | null,
  term: { intervalCount: number; period: Period },
): Units {
  const days = daysBetween(period.start, period.end);
  const oneTerm = termLength(period.start, anchorFrom(period.start, anchorDay), term);
  return oneTerm === days ? perTerm : mulDiv(perTerm, BigInt(days), BigInt(oneTerm));
}

const RATE_SCALE = 8;

function rateUnits(rate: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(rate).trim());
  if (!m || (m[2] ?? '').length > RATE_SCALE) throw new RangeError(`Not an exchange rate: ${rate}`);
  const scaled = BigInt(m[1]!) * 10n ** BigInt(RATE_SCALE) + BigInt((m[2] ?? '').padEnd(RATE_SCALE, '0') || '0');
  if (scaled === 0n) throw new RangeError(`An exchange rate cannot be zero: ${rate}`);
  return scaled;
}

/**
 * An amount of one store currency in another, through the default currency: both rates say how
 * many units of their currency one unit of the default buys. Rounded to 4 decimals.
 */
export function convertBetween(units: Units, fromRate: string, toRate: string): Units {
  return mulDiv(units, rateUnits(toRate), rateUnits(fromRate));
}
