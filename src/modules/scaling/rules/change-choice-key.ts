import { createHash } from 'node:crypto';

/** What a change moves a service to: the package, its price and every option as chosen. */
export interface ChangeTarget {
  packageId: number;
  priceId: number;
  optionIds: readonly number[];
  optionQuantities: Readonly<Record<string, number>>;
  optionTexts: Readonly<Record<string, string>>;
}

const sortedEntries = <V>(record: Readonly<Record<string, V>>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * A short fingerprint of a change's target, the same for the same choice however it was sent (the
 * options in any order). The preview shows it and the confirmation repeats it: a confirmation of
 * another package, price or option than the preview showed, at the same amounts (a package ticked
 * after its neighbour was previewed, without JavaScript), asks for a new preview instead of
 * applying what the client never saw described.
 */
export function changeChoiceKey(to: ChangeTarget): string {
  const canonical = JSON.stringify([
    to.packageId,
    to.priceId,
    [...to.optionIds].sort((a, b) => a - b),
    sortedEntries(to.optionQuantities),
    sortedEntries(to.optionTexts),
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}
