import type { EntityManager } from '@mikro-orm/postgresql';
import { loadPackage } from '../catalog/load-package.ts';
import { serializePackage, type PackageDetail, type PriceDetail } from '../catalog/serialize-package.ts';
import { chosenVariants } from '../orders/quote-order.ts';
import type { Term } from '../pricing/rules/billing-cycle.ts';
import { scalingAmountOf } from '../pricing/rules/scaling.ts';
import { choosePrice, type OrderCurrency } from '../pricing/rules/select-price.ts';
import { variantCharge, variantDescription } from '../pricing/rules/quote.ts';
import type { PriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { optionChange, type OptionSelection } from './rules/option-change.ts';
import { DomainError } from '../shared/errors.ts';
import { fromDecimalString, sum, type Units } from '../shared/money.ts';
import type { ChangeChoiceInput } from './scaling.schemas.ts';
import { db } from '../../db/database.ts';

export interface PricedTarget {
  pkg: PackageDetail;
  /** The row priced: the service currency's own, or the default one converted. */
  row: PriceDetail;
  optionIds: number[];
  optionQuantities: Record<string, number>;
  optionTexts: Record<string, string>;
  /** A change of options on the service's own package keeps its custom price; a move to another package drops it. */
  customPrice?: string;
  options: { groupId: number; group: string; optionId: number; option: string; label: string }[];
  term: Term | null;
  /** Per term, options included, in the service currency: what the charge line is based on. */
  scalingAmount: Units;
  /** Per term from the next due date (renewal price when set); null for a free price. */
  renewalAmount: Units | null;
}

/**
 * Error fields as the change forms and the API name them: `priceName`, `optionIds` and
 * `optionIds.<groupId>` for one group's option.
 */
function renamed(err: DomainError): DomainError {
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(err.fields)) {
    const group = /^(?:group-|variants\.)(\d+)$/.exec(key);
    fields[key === 'price' ? 'priceName' : group ? `optionIds.${group[1]}` : key] ??= message;
  }
  return DomainError.fromFields(fields);
}

/**
 * The target package, price and options of a change, priced in the service's currency exactly
 * as ordering would (own row, else the default row at the rate), per term.
 * NOTE: the charge uses the target's renewal price only when the TARGET package says "use
 * renewal prices for upgrades"; renewals after the change use the renewal price whenever set.
 */
export async function priceChangeTarget(
  em: EntityManager,
  subject: { packageId: number; snapshot: PriceSnapshot },
  input: ChangeChoiceInput,
  currency: OrderCurrency,
  defaultCurrency: string,
): Promise<PricedTarget> {
  const own = input.packageId === subject.packageId;
  if (!own) {
    const allowed = await db(em)
      .selectFrom('package_scaling')
      .select('package_id')
      .where('package_id', '=', subject.packageId)
      .where('target_package_id', '=', input.packageId)
      .executeTakeFirst();
    if (!allowed) throw new DomainError('This service cannot move to that package.', 'packageId');
  }
  const pkg = serializePackage(await loadPackage(em, input.packageId));
  if (pkg.status === 'inactive' && !own) throw new DomainError(`${pkg.name} is no longer available.`, 'packageId');
  let priceName = input.priceName;
  if (input.priceId !== undefined) {
    const byId = pkg.prices.find((p) => p.id === input.priceId);
    if (!byId) throw new DomainError(`Choose a pricing option of ${pkg.name}.`, 'priceId');
    priceName = byId.name;
  }
  let selection: OptionSelection = input;
  let customPrice: string | undefined;
  if (own) {
    // A change of options: same package, same price; only upgradable groups move.
    if (!pkg.variantGroups.some((g) => g.upgradable)) throw new DomainError('This service cannot move to that package.', 'packageId');
    if (priceName !== subject.snapshot.priceName)
      throw new DomainError('Options change at the service’s own pricing option; choose another package to change that.', 'priceName');
    const change = optionChange(
      pkg.variantGroups,
      {
        optionIds: subject.snapshot.optionIds ?? [],
        optionQuantities: subject.snapshot.optionQuantities,
        optionTexts: subject.snapshot.optionTexts,
      },
      input,
    );
    if (!change.changed) throw new DomainError('Change at least one option to preview.', 'optionIds');
    selection = change.selection;
    customPrice = subject.snapshot.customPrice;
  }
  try {
    const chosen = choosePrice(pkg.prices, priceName ?? '', currency, defaultCurrency);
    const row = pkg.prices.find((p) => p.id === chosen.row.id) ?? (chosen.row as PriceDetail);
    const variants = chosenVariants(pkg, selection.optionIds, selection);
    // Refuses a one-time price before any option is priced.
    const listed = chosen.convert(scalingAmountOf(row, pkg.useRenewalPricesForUpgrades));
    const base = customPrice === undefined ? listed : fromDecimalString(customPrice);
    let scalingAmount = 0n;
    let renewalAmount: Units | null = null;
    let term: Term | null = null;
    if (row.type === 'recurring') {
      const optionPrices = variants.map((v) => variantCharge(v, chosen).price);
      scalingAmount = sum([base, ...optionPrices]);
      renewalAmount = sum([
        customPrice === undefined ? chosen.convert(fromDecimalString(row.renewalPrice ?? row.price)) : base,
        ...optionPrices,
      ]);
      term = { intervalCount: row.intervalCount!, period: row.period! };
    }
    return {
      pkg,
      row,
      optionIds: variants.filter((v) => v.quantity === undefined && v.text === undefined).map((v) => v.option.id),
      optionQuantities: Object.fromEntries(variants.filter((v) => v.quantity !== undefined).map((v) => [String(v.groupId), v.quantity!])),
      optionTexts: Object.fromEntries(variants.filter((v) => v.text !== undefined).map((v) => [String(v.groupId), v.text!])),
      customPrice,
      options: variants.map((v) => ({
        groupId: v.groupId,
        group: v.groupName,
        optionId: v.option.id,
        option: v.option.name,
        label: variantDescription(v),
      })),
      term,
      scalingAmount,
      renewalAmount,
    };
  } catch (err) {
    if (err instanceof DomainError) throw renamed(err);
    throw err;
  }
}
