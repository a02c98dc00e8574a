import type { EntityManager } from '@mikro-orm/postgresql';
import { loadQuotablePackage, type QuotablePackage } from '../catalog/load-quotable-package.ts';
import type { PackageDetail } from '../catalog/serialize-package.ts';
import type { Term } from '../pricing/rules/billing-cycle.ts';
import type { ParentTerm } from '../pricing/rules/co-term.ts';
import type { ProRataSettings } from '../pricing/rules/proration.ts';
import { quote, type Quote, type QuoteVariant } from '../pricing/rules/quote.ts';
import type { CalendarDate } from '../shared/dates.ts';
import type { UiLanguage } from '../../i18n/i18n.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { fromDecimalString } from '../shared/money.ts';
import { loadOrderContext } from './load-order-context.ts';
import type { OptionExtras } from './option-extras.ts';

export type { OptionExtras } from './option-extras.ts';
import type { OrderChoice } from './orders.schemas.ts';

/**
 * The package's option groups as chosen (DOMAIN.md "Configurable options"): one option of each
 * choice group; a yes/no group's option when its id is among `optionIds`; a quantity group's one
 * option N times (N within its bounds, its minimum when not given, none at 0); a text group's
 * value, matching its pattern (required when its minimum is 1 or more). A group with no option
 * yet is not offered. Each refusal names its group (`group-<id>`).
 */
export function chosenVariants(
  pkg: Pick<PackageDetail, 'variantGroups'>,
  optionIds: readonly number[],
  extras: OptionExtras = {},
): QuoteVariant[] {
  const picked = new Set(optionIds);
  const known = new Set(pkg.variantGroups.flatMap((g) => g.options.map((o) => o.id)));
  const stray = optionIds.find((id) => !known.has(id));
  if (stray !== undefined) throw new DomainError('Choose options this package offers.', 'optionIds');
  const groupIds = new Set(pkg.variantGroups.map((g) => String(g.id)));
  const strayGroup = [...Object.keys(extras.optionQuantities ?? {}), ...Object.keys(extras.optionTexts ?? {})].find(
    (k) => !groupIds.has(k),
  );
  if (strayGroup !== undefined) throw new DomainError('Choose options this package offers.', 'optionIds');
  return pkg.variantGroups.flatMap((g): QuoteVariant[] => {
    const field = `group-${g.id}`;
    const first = g.options[0];
    const base = { groupId: g.id, groupName: g.name };
    switch (g.type ?? 'choice') {
      case 'yesno':
        return first && picked.has(first.id) ? [{ ...base, option: first }] : [];
      case 'quantity': {
        if (!first) return [];
        const n = extras.optionQuantities?.[String(g.id)] ?? g.minQuantity;
        if (!Number.isInteger(n) || n < g.minQuantity || n > g.maxQuantity)
          throw new DomainError(`${g.name}: choose from ${g.minQuantity} to ${g.maxQuantity}.`, field);
        return n === 0 ? [] : [{ ...base, option: first, quantity: n }];
      }
      case 'text': {
        const value = (extras.optionTexts?.[String(g.id)] ?? '').trim();
        if (!value) {
          if (g.minQuantity >= 1) throw new DomainError(`Enter ${g.name}.`, field);
          return [];
        }
        if (g.pattern && !new RegExp(g.pattern, 'u').test(value))
          throw new DomainError(`${g.name}: “${value.slice(0, 60)}” is not in the form this asks for.`, field);
        return [{ ...base, option: first ?? { id: 0, name: g.name, prices: [] }, text: value }];
      }
      default: {
        const options = g.options.filter((o) => picked.has(o.id));
        if (options.length !== 1) throw new DomainError(`Choose one ${g.name}.`, field);
        return [{ ...base, option: options[0]! }];
      }
    }
  });
}

/**
 * The quote for a choice: the same function serves the package page, the API's /quotes and
 * checkout, so what a client is shown is what they are charged.
 */
export async function quoteOrder(
  em: EntityManager,
  choice: OrderChoice,
  opts: {
    country?: string | null;
    vatId?: string | null;
    language?: UiLanguage;
    today: CalendarDate;
    pkg?: QuotablePackage;
    coTerm?: ParentTerm;
    withParent?: { proRata: ProRataSettings; term: Term; unitQuantity: number };
    customPrice?: string;
  },
): Promise<{ pkg: QuotablePackage; quote: Quote; variants: QuoteVariant[]; price: PackageDetail['prices'][number] | undefined }> {
  const pkg = opts.pkg ?? (await loadQuotablePackage(em, choice.packageId, choice.priceName));
  if (!pkg) throw new NotFound('That package');
  // NOTE: an add-on of an order line comes once per unit of it: one at a time means one per unit.
  if (!pkg.allowQuantity && (opts.withParent?.unitQuantity ?? choice.quantity) !== 1)
    throw new DomainError('This package is ordered one at a time.', 'quantity');
  const variants = chosenVariants(pkg, choice.optionIds, choice);
  const ctx = await loadOrderContext(em, { currency: choice.currency, country: opts.country, vatId: opts.vatId });
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
      reverseCharge: ctx.reverseCharge,
      currency: ctx.currency,
      defaultCurrency: ctx.defaultCurrency,
      language: opts.language,
    },
    opts.today,
  );
  // The row the quote priced: the order currency's own, else the default one it converted.
  const price =
    pkg.prices.find((p) => p.name === choice.priceName && p.currency === ctx.currency.code) ??
    pkg.prices.find((p) => p.name === choice.priceName && p.currency === ctx.defaultCurrency);
  return { pkg, quote: result, variants, price };
}
