import { DomainError } from '../../shared/errors.ts';

// NOTE: variant option prices are matched to package prices by name and currency (the Billmora
// rule). A variant price whose name matches no package price can never be bought; these rules
// find such orphans, and the editor shows them.

export interface NamedPrice {
  name: string;
  currency: string;
}

export function priceKey(p: NamedPrice): string {
  return `${p.name}\u0000${p.currency}`;
}

/** Variant prices whose (name, currency) matches no package price. */
export function orphanVariantPrices<T extends { priceName: string; currency: string }>(
  variantPrices: readonly T[],
  packagePrices: readonly NamedPrice[],
): T[] {
  const known = new Set(packagePrices.map(priceKey));
  return variantPrices.filter((v) => !known.has(priceKey({ name: v.priceName, currency: v.currency })));
}

/** Package prices an option has no price for: the option cannot be ordered with those. */
export function unpricedFor(
  optionPrices: readonly { priceName: string; currency: string }[],
  packagePrices: readonly NamedPrice[],
): NamedPrice[] {
  const have = new Set(optionPrices.map((v) => priceKey({ name: v.priceName, currency: v.currency })));
  return packagePrices.filter((p) => !have.has(priceKey(p)));
}

/** One price per (name, currency) in an option's list, or a refusal naming the one given twice. */
export function assertDistinctPrices(prices: readonly { priceName: string; currency: string }[]): void {
  const seen = new Set<string>();
  for (const p of prices) {
    const key = priceKey({ name: p.priceName, currency: p.currency });
    if (seen.has(key)) throw new DomainError(`"${p.priceName}" in ${p.currency} is listed twice.`, 'prices');
    seen.add(key);
  }
}
