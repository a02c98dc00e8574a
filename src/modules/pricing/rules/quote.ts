import { type CalendarDate, parseDate } from '../../shared/dates.ts';
import { DomainError } from '../../shared/errors.ts';
import { fitsColumn, fromDecimalString, multiply, sum, toDecimalString, TOO_LARGE_TO_INVOICE, type Units } from '../../shared/money.ts';
import { addTerms, type Term } from './billing-cycle.ts';
import { coTermPlan, type ParentTerm } from './co-term.ts';
import { proRataAmount, proRataPlan, type ProRataPlan, type ProRataSettings } from './proration.ts';
import { choosePrice, variantAmounts, type OrderCurrency, type QuotePrice, type QuoteVariant } from './select-price.ts';
import { lineWords, type LineWords } from './line-words.ts';
import { invoiceTotals } from './tax.ts';
import type { UiLanguage } from '../../../i18n/i18n.ts';

export type { OrderCurrency, QuotePrice, QuoteVariant } from './select-price.ts';

// What a new order costs on its first invoice, and when it renews. Pure: `today` is the order
// date (UTC), passed in. Line amounts keep 4 decimals; subtotal, tax and total are rounded to the
// order currency's minor unit after totaling (see tax.ts).
//
// NOTE (quantity): N units are N identical services, so each line is its per-unit amount (already
// rounded to 4 decimals) × N: the order invoice equals N single-service invoices to the unit.
// NOTE (conversion before proration): a converted price is converted first, then prorated, the
// same as a price stored in that currency.
// NOTE (first invoice): the stub and the extra full term past the cutoff use the price, not the
// renewal price; the renewal price starts with the first renewal invoice. Setup fees are charged
// once per unit, never prorated.
// NOTE (free): a free price totals 0: no setup fee, no option charges, no renewal.

export const QuoteLineKind = {
  price: 'price',
  prorata: 'prorata',
  setup: 'setup',
  variant: 'variant',
  variantProrata: 'variant-prorata',
  variantSetup: 'variant-setup',
  /** A coupon's negative line under the item it discounts (coupons/rules/discount.ts). */
  discount: 'discount',
} as const;
export type QuoteLineKind = (typeof QuoteLineKind)[keyof typeof QuoteLineKind];

export interface QuoteInput {
  packageName: string;
  /** The package's prices (all currencies); the one used is picked by name and currency. */
  prices: readonly QuotePrice[];
  priceName: string;
  /** The chosen option of each variant group. */
  variants: readonly QuoteVariant[];
  quantity: number;
  proRata: ProRataSettings;
  /** An add-on for a running service: it co-terms with it (co-term.ts), in place of the package's pro rata. */
  coTerm?: ParentTerm;
  /** An add-on ordered with its parent: only a price of the parent's term fits (its pro rata comes in `proRata`). */
  sameTermAs?: Term;
  taxable: boolean;
  /**
   * Staff's custom price for this sale, in the order currency: it replaces the price row's amount
   * (and its renewal price) for the first invoice and every renewal (DOMAIN.md "Staff-added
   * services"); setup fees and options keep their prices.
   */
  customPrice?: Units;
  /** The client's country rate in percent ("19.0000"), or null when none applies. */
  taxRate: string | null;
  /** EU reverse charge (a business in another member state): the rate is 0 and the documents say why. */
  reverseCharge?: boolean;
  currency: OrderCurrency;
  defaultCurrency: string;
  /** The buyer's language, for the lines' words (line-words.ts); English when not given. */
  language?: UiLanguage;
}

export interface QuoteLine {
  kind: QuoteLineKind;
  description: string;
  /** 4-decimal strings: one unit's amount and `unitAmount × quantity`. */
  unitAmount: string;
  quantity: number;
  amount: string;
  taxable: boolean;
}

export interface Quote {
  currency: string;
  lines: QuoteLine[];
  /** Rounded to the currency's minor unit, as 4-decimal strings ("36.7700"; JPY "37.0000"). */
  subtotal: string;
  tax: string;
  total: string;
  taxRate: string | null;
  /** Set when the 0% is EU reverse charge, so the summary words it as the invoice will. */
  reverseCharge?: true;
  /** What each later term costs for all units, before tax (renewal prices applied); null if it never renews. */
  renewalAmount: string | null;
  periodStart: CalendarDate;
  /** The end (exclusive) of what the first invoice pays for; null for one-time and free prices. */
  periodEnd: CalendarDate | null;
  firstRenewalDate: CalendarDate | null;
  /** The day of month the service renews on (D when prorated); null unless recurring. */
  anchorDay: number | null;
}

interface Draft {
  kind: QuoteLineKind;
  description: string;
  unit: Units;
}

/** One recurring charge (the package's price or an option's) on the first invoice. */
function recurringLines(w: LineWords, kind: 'price' | 'variant', description: string, unit: Units, plan: ProRataPlan | null): Draft[] {
  if (!plan) return [{ kind, description, unit }];
  const stub: Draft = {
    kind: kind === 'price' ? QuoteLineKind.prorata : QuoteLineKind.variantProrata,
    description: w.proRata(description, plan.start, plan.end, plan.days, plan.daysInTerm),
    unit: proRataAmount(unit, plan),
  };
  // NOTE: past the cutoff the next full term is billed now as well (Blesta's rule).
  return plan.pastCutoff
    ? [stub, { kind, description: w.period(description, plan.end, plan.firstRenewalDate), unit: multiply(unit, plan.fullTerms ?? 1) }]
    : [stub];
}

function termOf(row: QuotePrice): Term {
  if (!row.intervalCount || !row.period) throw new RangeError(`Recurring price "${row.name}" has no term.`);
  return { intervalCount: row.intervalCount, period: row.period };
}

/** How an option reads on an invoice: "Operating system: Windows", "Extra IPv4: 4 × IPv4 address", "Hostname: web1.example.com". */
export function variantDescription(v: QuoteVariant): string {
  if (v.text !== undefined) return `${v.groupName}: ${v.text}`;
  if (v.quantity !== undefined) return `${v.groupName}: ${v.quantity} × ${v.option.name}`;
  return `${v.groupName}: ${v.option.name}`;
}

/** An option's charge per unit of the package: a text is free; a quantity is its unit price and setup fee × N. */
export function variantCharge(v: QuoteVariant, chosen: ReturnType<typeof choosePrice>) {
  if (v.text !== undefined) return { price: 0n, setupFee: 0n };
  const a = variantAmounts(v, chosen);
  const n = v.quantity ?? 1;
  return { price: multiply(a.price, n), setupFee: multiply(a.setupFee, n) };
}

export function quote(input: QuoteInput, today: CalendarDate): Quote {
  const { quantity } = input;
  const orderDay = parseDate(today).day;
  if (!Number.isInteger(quantity) || quantity < 1) throw new DomainError('Order at least one.', 'quantity');
  const chosen = choosePrice(input.prices, input.priceName, input.currency, input.defaultCurrency);
  const { row, convert } = chosen;
  const w = lineWords(input.language);
  const label = w.label(input.packageName, row.name, input.customPrice !== undefined);
  // NOTE: an add-on renews with its parent, so only a price of the parent's very term fits.
  const parentTerm = input.coTerm?.term ?? input.sameTermAs;
  if (parentTerm && (row.type !== 'recurring' || row.intervalCount !== parentTerm.intervalCount || row.period !== parentTerm.period)) {
    throw new DomainError('Choose a price with the same term as the service it is added to.', 'priceName');
  }

  const drafts: Draft[] = [];
  let periodEnd: CalendarDate | null = null;
  let anchorDay: number | null = null;
  let renewal: Units | null = null;

  if (row.type === 'free') {
    if (input.customPrice !== undefined)
      throw new DomainError('A free price takes no custom price; choose a paid pricing option.', 'customPrice');
    drafts.push({ kind: QuoteLineKind.price, description: label, unit: 0n });
  } else {
    const price = input.customPrice ?? convert(fromDecimalString(row.price));
    // Every option is priced (or refused) before anything else, so a bad option always surfaces.
    const options = input.variants.map((v) => ({ description: variantDescription(v), ...variantCharge(v, chosen) }));
    let plan: ProRataPlan | null = null;
    if (row.type === 'recurring') {
      const term = termOf(row);
      plan = input.coTerm ? coTermPlan(today, input.coTerm) : proRataPlan(today, term, input.proRata);
      anchorDay = plan ? plan.anchorDay : orderDay;
      periodEnd = plan ? plan.firstRenewalDate : addTerms(today, anchorDay, term.intervalCount, term.period, 1);
      const renewalUnit =
        row.renewalPrice === null || input.customPrice !== undefined ? price : convert(fromDecimalString(row.renewalPrice));
      renewal = multiply(sum([renewalUnit, ...options.map((o) => o.price)]), quantity);
    }
    const labelled = plan || row.type === 'onetime' || !periodEnd ? label : w.period(label, today, periodEnd);
    drafts.push(...recurringLines(w, 'price', labelled, price, plan));
    const setup = convert(fromDecimalString(row.setupFee));
    // NOTE: a zero setup fee gets no line; a zero-priced option keeps its line, so the invoice
    // still shows what was chosen.
    if (setup !== 0n) drafts.push({ kind: QuoteLineKind.setup, description: w.setupFee(label), unit: setup });
    for (const o of options) {
      drafts.push(...recurringLines(w, 'variant', o.description, o.price, plan));
      if (o.setupFee !== 0n) drafts.push({ kind: QuoteLineKind.variantSetup, description: w.setupFee(o.description), unit: o.setupFee });
    }
  }

  // Several units: each line says how many ("2 × VPS Small (Monthly), …"), as it is stored and printed.
  const lines = drafts.map((d) => ({
    ...d,
    description: quantity > 1 ? w.times(quantity, d.description) : d.description,
    amount: multiply(d.unit, quantity),
    taxable: input.taxable,
  }));
  const totals = invoiceTotals(lines, input.taxRate, input.currency.minorUnits);
  const amounts = [totals.subtotal, totals.tax, totals.total, ...lines.map((l) => l.amount), ...(renewal === null ? [] : [renewal])];
  if (!amounts.every(fitsColumn)) throw new DomainError(TOO_LARGE_TO_INVOICE, 'quantity');
  return {
    currency: input.currency.code,
    lines: lines.map((l) => ({
      kind: l.kind,
      description: l.description,
      unitAmount: toDecimalString(l.unit),
      quantity,
      amount: toDecimalString(l.amount),
      taxable: l.taxable,
    })),
    subtotal: toDecimalString(totals.subtotal),
    tax: toDecimalString(totals.tax),
    total: toDecimalString(totals.total),
    taxRate: input.taxable ? input.taxRate : null,
    ...(input.taxable && input.reverseCharge ? { reverseCharge: true as const } : {}),
    renewalAmount: renewal === null ? null : toDecimalString(renewal),
    periodStart: today,
    periodEnd,
    firstRenewalDate: periodEnd,
    anchorDay,
  };
}
