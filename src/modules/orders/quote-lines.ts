import type { EntityManager } from '@mikro-orm/postgresql';
import { offeredAddonPackages } from '../catalog/offered-addon-packages.ts';
import type { QuotablePackage } from '../catalog/load-quotable-package.ts';
import type { PackageDetail } from '../catalog/serialize-package.ts';
import type { Quote } from '../pricing/rules/quote.ts';
import { invoiceTotals } from '../pricing/rules/tax.ts';
import { storeCurrencies } from '../settings/store-currencies.ts';
import type { CalendarDate } from '../shared/dates.ts';
import type { UiLanguage } from '../../i18n/i18n.ts';
import { DomainError } from '../shared/errors.ts';
import { fitsColumn, fromDecimalString, toDecimalString, TOO_LARGE_TO_INVOICE } from '../shared/money.ts';
import { loadAddonParent, type AddonParent } from './load-addon-parent.ts';
import type { OrderLineInput } from './orders.schemas.ts';
import { quoteOrder } from './quote-order.ts';

/** A line as quoted: an order line, with staff's custom price when staff add it (never from a client's input). */
export type QuoteLineInput = OrderLineInput & { customPrice?: string };

export interface QuotedLine {
  index: number;
  input: QuoteLineInput;
  pkg: QuotablePackage;
  price: PackageDetail['prices'][number] | undefined;
  /** Units this line orders (an add-on of an earlier line: per unit of it × its units). */
  quantity: number;
  quote: Quote;
  /** The running service it is an add-on of, or null. */
  parent: AddonParent | null;
}

export interface OrderQuote {
  currency: string;
  lines: QuotedLine[];
  /** Every line's charges, in order, as the invoice holds them, each with the package it is for. */
  charges: (Quote['lines'][number] & { packageId: number })[];
  subtotal: string;
  tax: string;
  total: string;
  taxRate: string | null;
  /** EU reverse charge: worded as the invoice words it. */
  reverseCharge?: true;
  /** The language the lines are worded in (a coupon's line added later follows it). */
  language: UiLanguage;
}

/** A refusal about one line, under that line's fields (`lines.2.quantity`), or the plain field for a one-line order. */
export function forLine(err: unknown, index: number, single: boolean): unknown {
  if (single || !(err instanceof DomainError)) return err;
  const fields = Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [`lines.${index}.${k}`, v]));
  return new DomainError(`Line ${index + 1}: ${err.message}`, Object.keys(fields)[0], fields);
}

/**
 * Prices every line of an order with the same quoteOrder the package page uses, and totals them
 * as one invoice (rounded once, after summing, DOMAIN.md "Money"). An add-on of a running service
 * co-terms with it; an add-on of an earlier line is billed like that line (its term and pro rata).
 * NOTE: every line is in one currency: the client's, or the running service's its add-ons are for.
 */
export async function quoteLines(
  em: EntityManager,
  /** `language`: the buyer's, for the words of the lines (English when not given). */
  client: { id: number; country: string | null; vatId?: string | null; currency: string | null; language?: UiLanguage },
  lines: readonly QuoteLineInput[],
  opts: { currency?: string; today: CalendarDate; single: boolean },
): Promise<OrderQuote> {
  const parents = new Map<number, AddonParent>();
  for (const [i, line] of lines.entries()) {
    if (line.parentServiceId === undefined) continue;
    try {
      if (line.parentLine !== undefined)
        throw new DomainError('An add-on belongs to a running service or to a line of this order, not both.', 'parentLine');
      parents.set(
        i,
        await loadAddonParent(em, { clientId: client.id, serviceId: line.parentServiceId, packageId: line.packageId }, opts.today),
      );
    } catch (err) {
      throw forLine(err, i, opts.single);
    }
  }
  // An add-on is billed on its service's invoices, so in its currency; the order takes it.
  const billedIn = [...new Set([...parents.values()].map((p) => p.currency))];
  if (billedIn.length > 1)
    throw new DomainError('These add-ons are for services billed in different currencies; order them separately.', 'lines');
  const currency = billedIn[0] ?? opts.currency ?? client.currency ?? undefined;
  if (billedIn[0] && opts.currency && opts.currency !== billedIn[0])
    throw new DomainError(`The service is billed in ${billedIn[0]}, so its add-ons are too.`, 'currency');

  const quoted: QuotedLine[] = [];
  for (const [index, input] of lines.entries()) {
    try {
      const parent = parents.get(index) ?? null;
      let withParent;
      let quantity = input.quantity;
      if (input.parentLine !== undefined) {
        const of = quoted[input.parentLine];
        if (input.parentLine >= index || !of) throw new DomainError('An add-on follows the line it belongs to.', 'parentLine');
        if (of.input.parentLine !== undefined || of.parent)
          throw new DomainError('An add-on cannot have add-ons of its own.', 'parentLine');
        if (!(await offeredAddonPackages(em, of.pkg.id)).has(input.packageId))
          throw new DomainError(`That package is not offered as an add-on of ${of.pkg.name}.`, 'packageId');
        if (of.price?.type !== 'recurring' || !of.price.intervalCount || !of.price.period)
          throw new DomainError(`${of.pkg.name} does not renew, so it takes no add-ons.`, 'parentLine');
        withParent = {
          proRata: { proRata: of.pkg.proRata, proRataDay: of.pkg.proRataDay, proRataCutoffDay: of.pkg.proRataCutoffDay },
          term: { intervalCount: of.price.intervalCount, period: of.price.period },
          unitQuantity: input.quantity,
        };
        // One set of the add-on per unit of its line: 2 VPS with one backup each is 2 backups.
        quantity = input.quantity * of.quantity;
      }
      const r = await quoteOrder(
        em,
        { ...input, quantity, currency },
        {
          country: client.country,
          vatId: client.vatId,
          language: client.language,
          today: opts.today,
          coTerm: parent?.coTerm,
          withParent,
          customPrice: input.customPrice,
        },
      );
      quoted.push({ index, input, pkg: r.pkg, price: r.price, quantity, quote: r.quote, parent });
    } catch (err) {
      throw forLine(err, index, opts.single);
    }
  }
  const first = quoted[0]!.quote;
  const taxRate = quoted.map((q) => q.quote.taxRate).find((r) => r !== null) ?? null;
  const charges = quoted.flatMap((q) => q.quote.lines.map((l) => ({ ...l, packageId: q.pkg.id })));
  const minorUnits = (await storeCurrencies(em)).find((c) => c.code === first.currency)?.minorUnits ?? 2;
  const totals = invoiceTotals(
    charges.map((c) => ({ amount: fromDecimalString(c.amount), taxable: c.taxable })),
    taxRate,
    minorUnits,
  );
  // Each line fits (quote's own check); their sum may not.
  if (![totals.subtotal, totals.tax, totals.total].every(fitsColumn))
    throw forLine(new DomainError(TOO_LARGE_TO_INVOICE, 'quantity'), 0, opts.single);
  return {
    currency: first.currency,
    lines: quoted,
    charges,
    subtotal: toDecimalString(totals.subtotal),
    tax: toDecimalString(totals.tax),
    total: toDecimalString(totals.total),
    taxRate,
    ...(quoted.some((q) => q.quote.reverseCharge) ? { reverseCharge: true as const } : {}),
    language: client.language ?? 'en',
  };
}
