import { type CalendarDate, compareDates, daysBetween, parseDate } from '../../shared/dates.ts';
import { DomainError } from '../../shared/errors.ts';
import { fromDecimalString, mulDiv, sum, type Units } from '../../shared/money.ts';
import type { PriceType } from '../../catalog/rules/constants.ts';
import { termLength, type Term } from './billing-cycle.ts';

// Upgrades and downgrades (DOMAIN.md "Upgrades and downgrades"). The next due date stays; the
// client is credited the unused part of the old price and charged the same days at the new
// price's daily rate:
//
//   period [Jan 1 ─────────── today Jan 17 ────────── Feb 1)   days_in_period 31, days_left 15
//   credit  −old × 15 / 31
//   charge   new × 15 / days_in_new_term   (one new term counted from Jan 1: 31 monthly, 365 yearly)
//
// NOTE: each line is rounded to 4 decimals on its own; the net is their sum, so the preview,
// the invoice and the credit note always add up to the same figure.

export const ScalingOutcome = { invoice: 'invoice', credit: 'credit', none: 'none' } as const;
export type ScalingOutcome = (typeof ScalingOutcome)[keyof typeof ScalingOutcome];

export interface ScalingInput {
  /** What the service pays per term now (its price snapshot, variants included). */
  oldAmount: Units;
  /** The target's per-term amount (see `scalingAmountOf`). */
  newAmount: Units;
  /** The target price's term; null for a free price, which has none. */
  newTerm: Term | null;
  /** The service's current period [start, end); `end` is its next due date and stays so. */
  period: { start: CalendarDate; end: CalendarDate };
  /** The service's anchor day, so a new month term from a clamped start (Feb 28, anchor 31) ends on Mar 31. */
  anchorDay?: number;
  /**
   * The current period was never billed (staff started the service without an invoice): its
   * unused days still offset the new price's charge, but are never paid out as credit.
   */
  unbilled?: boolean;
}

export interface ScalingResult {
  daysLeft: number;
  daysInPeriod: number;
  daysInNewTerm: number | null;
  /** Zero or negative. */
  credit: Units;
  /** Zero or positive. */
  charge: Units;
  net: Units;
  /** invoice: net > 0 is due now; credit: net < 0 goes to the client's balance; none: nothing to do. */
  outcome: ScalingOutcome;
}

/** The target price's per-term amount: its renewal price when the target package says so and has one. */
export function scalingAmountOf(
  price: { type: PriceType; price: string; renewalPrice: string | null },
  useRenewalPricesForUpgrades: boolean,
): Units {
  if (price.type === 'onetime') throw new DomainError('A service can only move to a recurring or free price.', 'price');
  if (price.type === 'free') return 0n;
  return fromDecimalString(useRenewalPricesForUpgrades && price.renewalPrice !== null ? price.renewalPrice : price.price);
}

export function scaleService(input: ScalingInput, today: CalendarDate): ScalingResult {
  const { start, end } = input.period;
  if (compareDates(start, end) >= 0) throw new RangeError(`Not a period: [${start}, ${end})`);
  // NOTE: on the due date itself the current period has ended; the caller moves to the next one.
  if (compareDates(today, start) < 0 || compareDates(today, end) >= 0) {
    throw new DomainError('The service is not in this period: preview the change again.', 'period');
  }
  const daysLeft = daysBetween(today, end);
  const daysInPeriod = daysBetween(start, end);
  let credit = -mulDiv(input.oldAmount, BigInt(daysLeft), BigInt(daysInPeriod));

  let charge = 0n;
  let daysInNewTerm: number | null = null;
  if (input.newTerm === null) {
    if (input.newAmount !== 0n) throw new RangeError('A price without a term must be free.');
  } else {
    // NOTE: the new term is counted from the current period's start, not from today, so equal
    // terms give exactly daysInPeriod and a same-price move nets zero.
    daysInNewTerm = termLength(start, input.anchorDay ?? parseDate(start).day, input.newTerm);
    charge = mulDiv(input.newAmount, BigInt(daysLeft), BigInt(daysInNewTerm));
  }
  if (input.unbilled && -credit > charge) credit = -charge;
  const net = sum([credit, charge]);
  const outcome = net > 0n ? ScalingOutcome.invoice : net < 0n ? ScalingOutcome.credit : ScalingOutcome.none;
  return { daysLeft, daysInPeriod, daysInNewTerm, credit, charge, net, outcome };
}
