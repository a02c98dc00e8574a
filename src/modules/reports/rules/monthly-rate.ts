import type { Period } from '../../catalog/rules/constants.ts';
import type { Units } from '../../shared/money.ts';

// A recurring amount normalised to one month, as an exact fraction: a year is 12 months, a week
// 52/12 of one, a day 365/12. Amounts stay bigint units throughout; the one rounding happens on
// the total (rounding each service's 1/12 would drift by a unit per service).

/** A month's share of one term, as numerator / denominator (per unit of the term's price). */
export interface Fraction {
  num: bigint;
  den: bigint;
}

const PER_MONTH: Record<Period, Fraction> = {
  day: { num: 365n, den: 12n },
  week: { num: 52n, den: 12n },
  month: { num: 1n, den: 1n },
  year: { num: 1n, den: 12n },
};

/** How many times a term of `count` × `period` fits into a month: a 3-month term is 1/3. */
export function termsPerMonth(period: Period, count: number): Fraction {
  if (!Number.isInteger(count) || count < 1) throw new Error(`Not a term length: ${count}`);
  const f = PER_MONTH[period];
  return { num: f.num, den: f.den * BigInt(count) };
}

/** Sums amounts charged per term into one monthly total, rounded once to 4 decimals (half away from zero). */
export function monthlyTotal(parts: { units: Units; period: Period; count: number }[]): Units {
  let num = 0n;
  let den = 1n;
  for (const part of parts) {
    const f = termsPerMonth(part.period, part.count);
    // num/den + units*f.num/f.den, kept over a common denominator.
    num = num * f.den + part.units * f.num * den;
    den = den * f.den;
    const g = gcd(num < 0n ? -num : num, den);
    if (g > 1n) {
      num /= g;
      den /= g;
    }
  }
  return divideRounded(num, den);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/** num/den to the nearest unit, half away from zero (as roundToMinor does at SCALE). */
function divideRounded(num: bigint, den: bigint): Units {
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const q = (abs * 2n + den) / (2n * den);
  return negative ? -q : q;
}
