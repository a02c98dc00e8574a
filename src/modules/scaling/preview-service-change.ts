import { changeChoiceKey } from './rules/change-choice-key.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { lineWords } from '../pricing/rules/line-words.ts';
import { languageFor } from '../clients/client-language.ts';
import { loadOrderContext } from '../orders/load-order-context.ts';
import { addTerms, type Term } from '../pricing/rules/billing-cycle.ts';
import { scaleService } from '../pricing/rules/scaling.ts';
import { addDays, calendarDateOf, compareDates, parseDate, type CalendarDate } from '../shared/dates.ts';
import { cancelledChange } from './rules/cancelled-change.ts';
import { Conflict } from '../shared/errors.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { parseInput } from '../shared/validation.ts';
import { balanceCreditOf, balanceCurrencyOf } from './balance-credit.ts';
import { loadChangeSubject, type ChangeSubject } from './load-change-subject.ts';
import { serviceOptions } from '../services/service-options.ts';
import { priceChangeTarget } from './price-change-target.ts';
import { anchorAfterChange } from './rules/change-anchor.ts';
import { changeLines, type ChangeLine } from './rules/change-lines.ts';
import { amountForPeriod, anchorFrom, currentPeriod, type ChangePeriod } from './rules/current-period.ts';
import { changeChoiceInput } from './scaling.schemas.ts';
import { planAddons, type AddonFates } from './plan-addons.ts';
import type { AddonPlan } from './scaling.entities.ts';
import { priceSnapshotOf, unitsOf, type PriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { priceChangeCoupon } from '../coupons/price-change-coupon.ts';
import type { AppliedCoupon } from '../coupons/find-usable-coupon.ts';

export interface ServiceChangePreview {
  serviceId: number;
  clientId: number;
  from: { packageId: number; packageName: string; priceName: string | null };
  to: {
    packageId: number;
    packageName: string;
    priceId: number;
    priceName: string;
    optionIds: number[];
    optionQuantities: Record<string, number>;
    optionTexts: Record<string, string>;
    /** Each option as chosen, with its label ("Extra IPv4: 6 × IPv4 address"). */
    options: { groupId: number; group: string; optionId: number; option: string; label: string }[];
    taxable: boolean;
  };
  /** The new price's term; null for a free price. */
  term: Term | null;
  /** The period the amounts cover; its end is the next due date. */
  period: ChangePeriod;
  daysLeft: number;
  daysInPeriod: number;
  daysInNewTerm: number | null;
  lines: ChangeLine[];
  /** 4-decimal strings: net is the lines' sum; subtotal, tax and total are rounded to the currency. */
  net: string;
  subtotal: string;
  tax: string;
  taxRate: string | null;
  total: string;
  /** invoice: the total is due now; credit: it goes to the account balance; none: nothing to pay. */
  outcome: 'invoice' | 'credit' | 'none';
  currency: string;
  minorUnits: number;
  /** The day the amounts are for: confirming on another day asks for a new preview. */
  effectiveDate: CalendarDate;
  /** The target as chosen (package, price, options), fingerprinted: a confirmation repeats it (rules/change-choice-key.ts). */
  choiceKey: string;
  /** After the change: unchanged, except that a free price has none and a free service starts its first term. */
  nextDueDate: CalendarDate | null;
  /** What each term costs from the next due date, before tax; null when it no longer renews. */
  renewal: { amount: string; currency: string } | null;
  /** The credit as it lands on the balance (in the balance's currency); null unless outcome is credit. */
  balanceCredit: { amount: string; currency: string } | null;
  /** The price snapshot the service takes (the shape an order line's has). */
  snapshot: PriceSnapshot;
  /** The service's add-ons: those the new package keeps (re-priced from the next due date) and those that end, credited above. */
  addons: { kept: AddonFates['kept']; ended: { id: number; packageName: string }[] };
  addonPlan: AddonPlan;
  /** A coupon entered for the change, its discount among the lines; its use is claimed on confirmation. */
  coupon: AppliedCoupon | null;
}

const isZero = (v: string | null | undefined) => !v || fromDecimalString(v) === 0n;

/** Where the amounts start and what the old price is worth over that span. */
function oldSide(subject: ChangeSubject, newTerm: Term | null, today: CalendarDate) {
  const price = subject.snapshot.price;
  if (price?.type === 'recurring' && price.intervalCount && price.period && subject.nextDueDate) {
    // NOTE: on (or past) the due date the period has been used up and its renewal is owed.
    if (compareDates(today, subject.nextDueDate) >= 0)
      throw new Conflict('This service’s renewal is due; pay it before changing the package.');
    const oldTerm = { intervalCount: price.intervalCount, period: price.period };
    const period = currentPeriod({ ledger: subject.ledger, nextDueDate: subject.nextDueDate, anchorDay: subject.anchorDay, oldTerm });
    const units = BigInt(unitsOf(subject.snapshot));
    const perTerm = isZero(subject.snapshot.quote?.renewalAmount) ? 0n : fromDecimalString(subject.snapshot.quote!.renewalAmount!) / units;
    const unbilled = !!subject.snapshot.unbilledUntil && compareDates(today, subject.snapshot.unbilledUntil) < 0;
    return {
      period,
      oldAmount: amountForPeriod(perTerm, period, subject.anchorDay, oldTerm),
      credits: true,
      anchorDay: anchorFrom(period.start, subject.anchorDay),
      startsTerm: false,
      unbilled,
    };
  }
  if (price?.type === 'free' || (!price && !subject.nextDueDate)) {
    // A free service has no period: the new price's first term starts today (nothing to credit).
    const day = parseDate(today).day;
    const end = newTerm ? addTerms(today, day, newTerm.intervalCount, newTerm.period, 1) : addDays(today, 1);
    return { period: { start: today, end }, oldAmount: 0n, credits: false, anchorDay: day, startsTerm: true, unbilled: false };
  }
  if (price?.type === 'onetime') throw new Conflict('A service with a one-time price cannot change package online; please contact us.');
  throw new Conflict('This service has no billing period to change within; please contact us.');
}

/**
 * What moving a service to another package costs today (DOMAIN.md "Upgrades and downgrades"):
 * the unused part of the old price credited, the same days at the new price charged, the net,
 * its tax and what happens to it. `clientId` limits it to that client's own service.
 */
export async function previewServiceChange(
  em: EntityManager,
  scope: { serviceId: number; clientId?: number },
  raw: unknown,
  now: Date,
): Promise<ServiceChangePreview> {
  const input = parseInput(changeChoiceInput, raw);
  const today = calendarDateOf(now);
  const subject = await loadChangeSubject(em, scope.serviceId, scope.clientId, today);
  if (subject.status !== 'active') throw new Conflict(`A ${subject.status} service cannot change package.`);
  // NOTE: a change would charge for a term the cancellation ends, or credit one it already ends.
  if (subject.cancelAt) throw new Conflict(cancelledChange(subject.cancelAt));
  const order = await loadOrderContext(em, {
    currency: subject.currency ?? subject.client.currency,
    country: subject.client.country,
    vatId: subject.client.vatId,
  });
  const target = await priceChangeTarget(em, subject, input, order.currency, order.defaultCurrency);
  const old = oldSide(subject, target.term, today);
  // Each side's line names its options (an OS, extra IPs): two choices that cost the same still
  // read apart, on the preview and on the invoice it raises.
  // The lines are worded in the client's language: they go on the invoice or credit note as shown.
  const words = lineWords(await languageFor(em, subject.client.language));

  const result = scaleService(
    {
      oldAmount: old.oldAmount,
      newAmount: target.scalingAmount,
      newTerm: target.term,
      period: old.period,
      anchorDay: old.anchorDay,
      unbilled: old.unbilled,
    },
    today,
  );
  const nextDueDate = target.term === null ? null : old.startsTerm ? old.period.end : subject.nextDueDate;
  // NOTE: applying the change writes this same anchor into the service (anchorAfterChange).
  const anchorDay = anchorAfterChange({ term: target.term, nextDueDate, anchorDay: old.startsTerm ? old.anchorDay : subject.anchorDay });
  const addons = await planAddons(em, subject.serviceId, {
    targetPackageId: target.pkg.id,
    priceName: target.row.name,
    term: target.term,
    currency: order.currency.code,
    country: subject.client.country,
    vatId: subject.client.vatId,
    today,
    nextDueDate,
    anchorDay,
    daysLeft: result.daysLeft,
    daysInPeriod: result.daysInPeriod,
    credits: old.credits && !old.unbilled,
  });
  const couponed =
    input.couponCode === undefined
      ? null
      : await priceChangeCoupon(em, input.couponCode, {
          clientId: subject.clientId,
          packageId: target.pkg.id,
          packageName: target.pkg.name,
          currency: order.currency.code,
          today,
          charge: result.charge,
          words,
        });
  const totals = changeLines({
    discount: couponed?.discount,
    from: {
      packageName: subject.packageName,
      priceName: subject.snapshot.priceName ?? subject.snapshot.price?.name ?? null,
      options: (await serviceOptions(em, subject.snapshot)).map((o) => o.label),
    },
    to: { packageName: target.pkg.name, priceName: target.row.name, options: target.options.map((o) => o.label) },
    period: old.period,
    today,
    result,
    credits: old.credits,
    taxable: target.pkg.taxable,
    taxRate: order.taxRate,
    minorUnits: order.currency.minorUnits,
    words,
    addonCredits: addons.ended
      .filter((a) => a.credit !== 0n)
      .map((a) => ({
        serviceId: a.id,
        description: words.unusedAddon(a.packageName, a.id, today, old.period.end, result.daysLeft, result.daysInPeriod),
        amount: -a.credit,
      })),
  });

  const currency = order.currency.code;
  const renewalAmount = target.renewalAmount === null ? null : toDecimalString(target.renewalAmount);
  const balanceCredit = totals.outcome === 'credit' ? await creditOnBalance(em, -totals.total, currency, subject.client.currency) : null;
  const quote = {
    currency,
    lines: totals.lines.map((l) => ({ ...l, unitAmount: l.amount, quantity: 1 })),
    subtotal: toDecimalString(totals.subtotal),
    tax: toDecimalString(totals.tax),
    total: toDecimalString(totals.total),
    taxRate: totals.taxRate,
    renewalAmount,
    periodStart: today,
    periodEnd: nextDueDate,
    // NOTE: the new price's terms run from the (unchanged) next due date, on an anchor it is on.
    firstRenewalDate: nextDueDate,
    anchorDay,
  };
  return {
    serviceId: subject.serviceId,
    clientId: subject.clientId,
    from: { packageId: subject.packageId, packageName: subject.packageName, priceName: subject.snapshot.priceName ?? null },
    to: {
      packageId: target.pkg.id,
      packageName: target.pkg.name,
      priceId: target.row.id,
      priceName: target.row.name,
      optionIds: target.optionIds,
      optionQuantities: target.optionQuantities,
      optionTexts: target.optionTexts,
      options: target.options,
      taxable: target.pkg.taxable,
    },
    term: target.term,
    period: old.period,
    daysLeft: result.daysLeft,
    daysInPeriod: result.daysInPeriod,
    daysInNewTerm: result.daysInNewTerm,
    lines: totals.lines,
    net: toDecimalString(totals.net),
    addons: { kept: addons.kept, ended: addons.ended.map((a) => ({ id: a.id, packageName: a.packageName })) },
    addonPlan: addons.plan,
    subtotal: quote.subtotal,
    tax: quote.tax,
    taxRate: totals.taxRate,
    total: quote.total,
    outcome: totals.outcome,
    currency,
    minorUnits: order.currency.minorUnits,
    effectiveDate: today,
    choiceKey: changeChoiceKey({
      packageId: target.pkg.id,
      priceId: target.row.id,
      optionIds: target.optionIds,
      optionQuantities: target.optionQuantities,
      optionTexts: target.optionTexts,
    }),
    nextDueDate,
    renewal: renewalAmount === null ? null : { amount: renewalAmount, currency },
    balanceCredit,
    coupon: couponed?.coupon ?? null,
    snapshot: priceSnapshotOf({
      priceName: target.row.name,
      optionIds: target.optionIds,
      optionQuantities: target.optionQuantities,
      optionTexts: target.optionTexts,
      price: target.row,
      quote,
      customPrice: target.customPrice,
    }),
  };
}

/** A credit lands on the balance in the balance's currency, converted at today's rates when it differs. */
async function creditOnBalance(em: EntityManager, amount: bigint, currency: string, clientCurrency: string | null) {
  const credit = await balanceCreditOf(em, amount, currency, clientCurrency);
  if (!credit)
    throw new Conflict(
      `Your account credit is held in ${await balanceCurrencyOf(em, clientCurrency)}, which cannot be converted from ${currency} now; please contact us.`,
    );
  return credit;
}
