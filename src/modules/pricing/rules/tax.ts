import { percentOf, roundToMinor, sum, type Units } from '../../shared/money.ts';

// Invoice totals (DOMAIN.md "Money"). Lines keep 4 decimals; subtotal, tax and total are
// rounded to the currency's minor unit after totaling, half away from zero:
//
//   0.3333 + 0.3333 + 0.3333 = 0.9999 → subtotal 1.00   (rounding each line first would give 0.99)
//
// NOTE: tax is computed on the ROUNDED taxable subtotal and then rounded itself, and the total is
// subtotal + tax of the rounded figures, so the three numbers the client sees always add up.
// Prices are tax-exclusive.

export interface TotalsLine {
  amount: Units;
  taxable: boolean;
}

export interface Totals {
  subtotal: Units;
  /** The taxable lines' sum, rounded: what the rate is applied to. */
  taxableSubtotal: Units;
  tax: Units;
  total: Units;
}

/** Tax on an already rounded taxable subtotal at `rate` percent ("19.0000"), rounded to the minor unit. */
export function taxOn(taxableSubtotal: Units, rate: string | null, minorUnits: number): Units {
  if (rate === null) return 0n;
  return roundToMinor(percentOf(taxableSubtotal, rate), minorUnits);
}

/**
 * `taxRate` is the client's country rate in percent, or null when the country has none.
 * `minorUnits`: 2 for USD/EUR, 0 for JPY.
 */
export function invoiceTotals(lines: readonly TotalsLine[], taxRate: string | null, minorUnits: number): Totals {
  if (!Number.isInteger(minorUnits) || minorUnits < 0 || minorUnits > 4) throw new RangeError(`Not a number of minor units: ${minorUnits}`);
  const subtotal = roundToMinor(sum(lines.map((l) => l.amount)), minorUnits);
  const taxableSubtotal = roundToMinor(sum(lines.filter((l) => l.taxable).map((l) => l.amount)), minorUnits);
  const tax = taxOn(taxableSubtotal, taxRate, minorUnits);
  return { subtotal, taxableSubtotal, tax, total: sum([subtotal, tax]) };
}
