import type { Period, PriceType } from './constants.ts';

// Cross-field rules for pricing options that a single-field schema cannot see.

export interface PriceShape {
  id?: number;
  name: string;
  type: PriceType;
  intervalCount?: number | null;
  period?: Period | null;
  currency: string;
  price: string;
  renewalPrice?: string | null;
  setupFee: string;
  cancellationFee: string;
  enabled?: boolean;
}

const isZero = (amount: string | null | undefined) => amount == null || /^0+(\.0+)?$/.test(amount);

/** Field errors for one price on its own. */
export function priceProblems(p: PriceShape): Record<string, string> {
  const errors: Record<string, string> = {};
  if (p.type === 'recurring') {
    if (!p.intervalCount) errors.intervalCount = 'A recurring price needs an interval (e.g. every 1 month).';
    if (!p.period) errors.period = 'A recurring price needs a billing period.';
  } else {
    if (p.intervalCount) errors.intervalCount = 'Only a recurring price has an interval; leave it blank.';
    if (p.period) errors.period = 'Only a recurring price has a billing period; choose none.';
    if (!isZero(p.renewalPrice)) errors.renewalPrice = 'Only a recurring price renews.';
  }
  if (p.type === 'free') {
    if (!isZero(p.price)) errors.price = 'A free price must be 0.';
    if (!isZero(p.setupFee)) errors.setupFee = 'A free price has no setup fee.';
  }
  return errors;
}

/** A price's name must be unique within its currency in one package. */
export function duplicateNameProblem(p: PriceShape, others: readonly PriceShape[]): string | null {
  const clash = others.find((o) => o.id !== p.id && o.currency === p.currency && o.name.toLowerCase() === p.name.toLowerCase());
  return clash ? `This package already has a price named "${clash.name}" in ${p.currency}.` : null;
}

export function termLabel(p: Pick<PriceShape, 'type' | 'intervalCount' | 'period'>): string {
  if (p.type === 'free') return 'Free';
  if (p.type === 'onetime') return 'One time';
  const n = p.intervalCount ?? 1;
  return n === 1 ? `Every ${p.period}` : `Every ${n} ${p.period}s`;
}

/**
 * Warnings (not errors): two rows with the same term, period and currency confuse clients,
 * as Blesta's guide warns. Returns one sentence per clashing group.
 */
export function sameTermWarnings(prices: readonly PriceShape[]): string[] {
  const groups = new Map<string, PriceShape[]>();
  for (const p of prices) {
    const key = `${p.type}|${p.intervalCount ?? ''}|${p.period ?? ''}|${p.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()]
    .filter((g) => g.length > 1)
    .map(
      (g) => `${g.map((p) => `"${p.name}"`).join(' and ')} have the same term (${termLabel(g[0]!).toLowerCase()}) in ${g[0]!.currency}.`,
    );
}
