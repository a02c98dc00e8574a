import { type CalendarDate, clampedDate, daysBetween, parseDate } from '../../shared/dates.ts';
import { mulDiv, type Units } from '../../shared/money.ts';
import { addTerms, monthsPerTerm, type Term } from './billing-cycle.ts';

// Pro rata, Blesta's rules (DOMAIN.md "Pro rata"). A package with pro rata day D bills a new
// service from the order date to the next D, then renews on D:
//
//   D = 1, C = 20, $30/month
//   ordered Jan 10:  [Jan 10 ──22 days── Feb 1) 22/31 × 30 = 21.2903      renews Feb 1
//   ordered Jan 25:  [Jan 25 ─7─ Feb 1)[Feb 1 ───── Mar 1)  6.7742 + 30 = 36.7742   renews Mar 1
//                                      ^ past the cutoff: the next full term is paid now too
//
// NOTE (multi-month terms): `days_in_term` is the sum of the lengths of the calendar months one
// term spans, starting with the order date's month: monthly ordered in Feb 2015 → 28, every 3
// months ordered in Jan 2025 → 31 + 28 + 31 = 90, yearly ordered in Mar 2023 → Mar 2023..Feb
// 2024 = 366. The stub is still "order date to the next D" (under a month), priced at the term's
// daily rate; the terms after it are whole terms counted from D.

export interface ProRataSettings {
  proRata: boolean;
  /** D, 1-28 (the database holds it there, so every month has it). */
  proRataDay: number | null;
  /** C, 1-28, or null: never past the cutoff. */
  proRataCutoffDay: number | null;
}

export interface ProRataPlan {
  /** The stub [start, end): the order date up to the next D. */
  start: CalendarDate;
  end: CalendarDate;
  days: number;
  daysInTerm: number;
  /** The order day is past C: the first invoice also holds the full term [end, firstRenewalDate). */
  pastCutoff: boolean;
  /** How many whole terms [end, firstRenewalDate) holds when `pastCutoff` (1 unless an add-on co-terms past a billed term). */
  fullTerms?: number;
  /** D: the service's anchor day from now on. */
  anchorDay: number;
  firstRenewalDate: CalendarDate;
}

function checkDay(day: number, what: string): void {
  if (!Number.isInteger(day) || day < 1 || day > 28) throw new RangeError(`${what} must be a day from 1 to 28, not ${day}.`);
}

/** The first day D strictly after `orderDate` (D ≤ 28, so every month has one). */
export function nextProRataDate(orderDate: CalendarDate, proRataDay: number): CalendarDate {
  checkDay(proRataDay, 'The pro rata day');
  const { year, month, day } = parseDate(orderDate);
  return clampedDate(year, day < proRataDay ? month : month + 1, proRataDay);
}

/** The days in the calendar months one term spans, starting with the order date's month. */
export function daysInProRataTerm(orderDate: CalendarDate, term: Term): number {
  const months = monthsPerTerm(term);
  if (months === null) throw new RangeError(`A ${term.period} term does not prorate.`);
  const { year, month } = parseDate(orderDate);
  return daysBetween(clampedDate(year, month, 1), clampedDate(year, month + months, 1));
}

/**
 * How a new service ordered on `orderDate` is billed up to its first renewal, or null when it
 * is not prorated: pro rata off, a day or week term, or ordered on D itself (a whole term from D).
 * One-time and free prices have no term; the quote never asks.
 */
export function proRataPlan(orderDate: CalendarDate, term: Term, settings: ProRataSettings): ProRataPlan | null {
  if (!settings.proRata) return null;
  // NOTE: only month and year terms prorate; a day or week term is already short.
  if (monthsPerTerm(term) === null) return null;
  const D = settings.proRataDay;
  if (D === null) throw new RangeError('Pro rata is on without a pro rata day.');
  checkDay(D, 'The pro rata day');
  const C = settings.proRataCutoffDay;
  if (C !== null) checkDay(C, 'The pro rata cutoff day');

  const orderDay = parseDate(orderDate).day;
  // NOTE: ordered on D: the term simply starts today, nothing to prorate.
  if (orderDay === D) return null;

  const end = nextProRataDate(orderDate, D);
  // NOTE: "past C" is strictly after: ordered on C itself is still before the cutoff. No C: never past.
  const pastCutoff = C !== null && orderDay > C;
  return {
    start: orderDate,
    end,
    days: daysBetween(orderDate, end),
    daysInTerm: daysInProRataTerm(orderDate, term),
    pastCutoff,
    anchorDay: D,
    firstRenewalDate: pastCutoff ? addTerms(end, D, term.intervalCount, term.period, 1) : end,
  };
}

/** The stub's charge for one recurring amount: `price × days / days_in_term`, to 4 decimals. */
export function proRataAmount(price: Units, plan: Pick<ProRataPlan, 'days' | 'daysInTerm'>): Units {
  return mulDiv(price, BigInt(plan.days), BigInt(plan.daysInTerm));
}
