import type { EntityManager } from '@mikro-orm/postgresql';
import { parsePriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { getBillingSettings } from '../settings/billing-settings.ts';
import { addDays, calendarDateOf, daysBetween, type CalendarDate } from '../shared/dates.ts';
import { sum, toDecimalString, type Units } from '../shared/money.ts';
import { parseInput } from '../shared/validation.ts';
import { previewInput } from './billing.schemas.ts';
import { db } from '../../db/database.ts';
import { dueTaxRate, selectDueServices } from './due-services.ts';
import { sellerCountry } from '../settings/seller-details.ts';
import { groupRenewals, type BilledPeriod } from './rules/group-renewals.ts';
import { nextRenewal, renewalProblem } from './rules/renewal.ts';
import { chainPeriods, invoiceDateFor } from './rules/schedule.ts';
import { loadRenewalCoupons } from '../coupons/load-renewal-coupons.ts';
import { renewalDiscounts } from '../coupons/rules/discount.ts';

/**
 * Amounts are invoice totals as the run would write them: `subtotal` before tax, `tax` at each
 * client's current country rate, `total` with tax; each rounded per invoice to the currency's
 * minor unit and then summed. Account credit the run may apply is not deducted.
 */
export interface PreviewAmount {
  currency: string;
  minorUnits: number;
  subtotal: string;
  tax: string;
  total: string;
}

export interface PreviewDay {
  date: CalendarDate;
  /** Invoices the run makes that day (a client's services due on one date share one when grouping is on). */
  invoices: number;
  /** Distinct services billed that day. */
  services: number;
  /** Periods billed that day: more than services when a short term has several in the window. */
  periods: number;
  amounts: PreviewAmount[];
}

export interface BillingPreview {
  from: CalendarDate;
  /** The last day shown (inclusive). */
  to: CalendarDate;
  days: number;
  invoiceDaysBefore: number;
  groupRenewals: boolean;
  perDay: PreviewDay[];
  totals: PreviewAmount[];
  /** Due services the run would report as failures (bad snapshot, a due date off its anchor). */
  unbillable: { count: number; first: { serviceId: number; reason: string }[] };
}

type Sums = Map<string, { minorUnits: number; subtotal: Units[]; tax: Units[]; total: Units[] }>;

function addTo(sums: Sums, currency: string, minorUnits: number, t: { subtotal: Units; tax: Units; total: Units }) {
  let s = sums.get(currency);
  if (!s) sums.set(currency, (s = { minorUnits, subtotal: [], tax: [], total: [] }));
  s.subtotal.push(t.subtotal);
  s.tax.push(t.tax);
  s.total.push(t.total);
}

const amountsOf = (sums: Sums): PreviewAmount[] =>
  [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, s]) => ({
      currency,
      minorUnits: s.minorUnits,
      subtotal: toDecimalString(sum(s.subtotal)),
      tax: toDecimalString(sum(s.tax)),
      total: toDecimalString(sum(s.total)),
    }));

/**
 * What the renewal runs will invoice on each day of [from, from + days): one select of the due
 * services (the same "due" the runs use), then the pure rules per row, so it stays one round
 * trip however many services there are. Periods of short terms are chained within the window,
 * assuming each earlier one is billed on time. `from` defaults to today.
 */
export async function previewBilling(em: EntityManager, from: unknown, days: unknown, now: Date): Promise<BillingPreview> {
  const input = parseInput(previewInput, { from, days });
  const today = calendarDateOf(now);
  const start = input.from ?? today;
  const last = addDays(start, input.days - 1);
  const { invoiceDaysBefore, groupRenewals: grouped } = await getBillingSettings(em);
  // A period starting after this is invoiced after the window, whatever happens before.
  const horizon = addDays(last, invoiceDaysBefore);
  const [rows, seller] = await Promise.all([selectDueServices(db(em), horizon).execute(), sellerCountry(em)]);

  const window = { invoiceDaysBefore, today };
  // NOTE: thousands of services share a due date, anchor and term, so each distinct chain (its
  // periods in the window and their invoice days) is worked out once; only amounts differ.
  const chains = new Map<string, { start: CalendarDate; end: CalendarDate }[]>();
  const periods: BilledPeriod[] = [];
  const unbillable: BillingPreview['unbillable'] = { count: 0, first: [] };
  const coupons = await loadRenewalCoupons(
    em,
    rows.map((r) => r.id),
  );
  for (const r of rows) {
    let renewal;
    let chain;
    try {
      const snapshot = parsePriceSnapshot(r.snapshot);
      const problem = renewalProblem(snapshot);
      if (problem) throw new Error(problem);
      renewal = nextRenewal(snapshot, r.bill_from, r.anchor_day);
      if (!renewal) continue;
      const key = `${r.bill_from}|${r.anchor_day}|${snapshot.price?.intervalCount}|${snapshot.price?.period}|${r.cancel_at}`;
      chain = chains.get(key);
      if (!chain) {
        chain = chainPeriods(snapshot, r.bill_from, r.anchor_day, (s) => s <= horizon, r.cancel_at).filter((p) => {
          // NOTE: canonical 'YYYY-MM-DD' strings compare as dates, without parsing each one.
          const on = invoiceDateFor(p.start, window);
          return on >= start && on <= last;
        });
        chains.set(key, chain);
      }
    } catch (err) {
      unbillable.count++;
      if (unbillable.first.length < 50) unbillable.first.push({ serviceId: r.id, reason: (err as Error).message.slice(0, 500) });
      continue;
    }
    const mine = chain.map((p): BilledPeriod => ({
      serviceId: r.id,
      billedWith: r.parent_id ?? r.id,
      clientId: r.client_id,
      periodStart: p.start,
      periodEnd: p.end,
      amount: renewal.amount,
      currency: renewal.currency,
      description: '',
      taxable: r.taxable,
      taxRate: dueTaxRate(r, seller),
      minorUnits: r.minor_units ?? 2,
    }));
    periods.push(...mine);
    const coupon = coupons.get(r.id);
    if (coupon && mine.length) {
      // The coupon's cycles run from the first unbilled period, so those invoiced before the window use theirs first.
      const all = chainPeriods(parsePriceSnapshot(r.snapshot), r.bill_from, r.anchor_day, (s) => s <= horizon, r.cancel_at).map((p) => ({
        periodStart: p.start,
        amount: renewal.amount,
      }));
      for (const d of renewalDiscounts(coupon, all, coupon.granted, renewal.currency, '')) {
        const of = mine.find((p) => p.periodStart === d.periodStart);
        if (of) periods.push({ ...of, kind: 'discount', amount: d.amount });
      }
    }
  }

  const perDay = Array.from({ length: input.days }, (_, i) => ({
    date: addDays(start, i),
    invoices: 0,
    services: new Set<number>(),
    periods: 0,
    sums: new Map() as Sums,
  }));
  const totals: Sums = new Map();
  for (const inv of groupRenewals(periods, grouped)) {
    const day = perDay[daysBetween(start, invoiceDateFor(inv.dueDate, window))]!;
    day.invoices++;
    day.periods += inv.lines.filter((l) => l.kind === undefined).length;
    for (const l of inv.lines) day.services.add(l.serviceId);
    const minor = inv.lines[0]!.minorUnits;
    addTo(day.sums, inv.currency, minor, inv.totals);
    addTo(totals, inv.currency, minor, inv.totals);
  }
  return {
    from: start,
    to: last,
    days: input.days,
    invoiceDaysBefore,
    groupRenewals: grouped,
    perDay: perDay.map((d) => ({
      date: d.date,
      invoices: d.invoices,
      services: d.services.size,
      periods: d.periods,
      amounts: amountsOf(d.sums),
    })),
    totals: amountsOf(totals),
    unbillable,
  };
}
