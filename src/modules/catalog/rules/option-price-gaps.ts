// Which of a package's prices its options are not priced for (DOMAIN.md "Configurable options"):
// an option without a price for a package price's name and currency is not offered with that
// price, so staff see it here rather than a client meeting a refusal. Pure.

export interface PriceGap {
  priceName: string;
  currency: string;
  group: string;
  /** The options of the group with no price for it. */
  options: string[];
}

export function optionPriceGaps(
  prices: readonly { name: string; currency: string; type: string; enabled: boolean }[],
  groups: readonly {
    name: string;
    type: string;
    options: readonly { name: string; prices: readonly { priceName: string; currency: string }[] }[];
  }[],
): PriceGap[] {
  const gaps: PriceGap[] = [];
  for (const p of prices) {
    // A free price charges no options; a disabled one is not offered at all.
    if (!p.enabled || p.type === 'free') continue;
    for (const g of groups) {
      if (g.type === 'text') continue;
      const missing = g.options
        .filter((o) => !o.prices.some((x) => x.priceName === p.name && x.currency === p.currency))
        .map((o) => o.name);
      if (missing.length) gaps.push({ priceName: p.name, currency: p.currency, group: g.name, options: missing });
    }
  }
  return gaps;
}
