import type { EntityManager } from '@mikro-orm/postgresql';
import { loadQuotablePackage, type QuotablePackage } from '../catalog/load-quotable-package.ts';
import type { PackageDetail } from '../catalog/serialize-package.ts';
import type { Term } from '../pricing/rules/billing-cycle.ts';
import type { ParentTerm } from '../pricing/rules/co-term.ts';
import type { ProRataSettings } from '../pricing/rules/proration.ts';
import { quote, type Quote, type QuoteVariant } from '../pricing/rules/quote.ts';
import type { CalendarDate } from '../shared/dates.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { fromDecimalString } from '../shared/money.ts';
import { loadOrderContext } from './load-order-context.ts';
import type { OrderChoice } from './orders.schemas.ts';

/** Exactly one option per variant group, each belonging to its group. */
export function chosenVariants(pkg: Pick<PackageDetail, 'variantGroups'>, optionIds: readonly number[]): QuoteVariant[] {
  const picked = new Set(optionIds);
  const known = new Set(pkg.variantGroups.flatMap((g) => g.options.map((o) => o.id)));
  const stray = optionIds.find((id) => !known.has(id));
  if (stray !== undefined) throw new DomainError('Choose options this package offers.', 'optionIds');
  return pkg.variantGroups.map((g) => {
    const options = g.options.filter((o) => picked.has(o.id));
    if (options.length !== 1) throw new DomainError(`Choose one ${g.name}.`, `group-${g.id}`);
    return { groupId: g.id, groupName: g.name, option: options[0]! };
  });
}

/**
 * The quote for a choice: the same function serves the package page, the API's /quotes and
 * checkout, so what a client is shown is what they are charged.
 */
export async function quoteOrder(
  em: EntityManager,
  choice: OrderChoice,
  opts: { country?: string | null; today: CalendarDate; pkg?: QuotablePackage; coTerm?: ParentTerm; withParent?: { proRata: ProRataSettings; term: Term; unitQuantity: number }; customPrice?: string },
): Promise<{ pkg: QuotablePackage; quote: Quote; variants: QuoteVariant[]; price: PackageDetail['prices'][number] | undefined }> {
  const pkg = opts.pkg ?? (await loadQuotablePackage(em, choice.packageId, choice.priceName));
  if (!pkg) throw new NotFound('That package');
  // NOTE: an add-on of an order line comes once per unit of it: one at a time means one per unit.
  if (!pkg.allowQuantity && (opts.withParent?.unitQuantity ?? choice.quantity) !== 1) throw new DomainError('This package is ordered one at a time.', 'quantity');
  const variants = chosenVariants(pkg, choice.optionIds);
  const ctx = await loadOrderContext(em, { currency: choice.currency, country: opts.country });
  const result = quote(
    {
      packageName: pkg.name,
      prices: pkg.prices,
      priceName: choice.priceName,
      variants,
      quantity: choice.quantity,
      // An add-on ordered with its parent is billed like the parent: its term, its pro rata.
      proRata: opts.withParent?.proRata ?? { proRata: pkg.proRata, proRataDay: pkg.proRataDay, proRataCutoffDay: pkg.proRataCutoffDay },
      coTerm: opts.coTerm,
      sameTermAs: opts.withParent?.term,
      taxable: pkg.taxable,
      customPrice: opts.customPrice === undefined ? undefined : fromDecimalString(opts.customPrice),
      taxRate: ctx.taxRate,
      currency: ctx.currency,
      defaultCurrency: ctx.defaultCurrency,
    },
    opts.today,
  );
  // The row the quote priced: the order currency's own, else the default one it converted.
  const price = pkg.prices.find((p) => p.name === choice.priceName && p.currency === ctx.currency.code) ?? pkg.prices.find((p) => p.name === choice.priceName && p.currency === ctx.defaultCurrency);
  return { pkg, quote: result, variants, price };
}
