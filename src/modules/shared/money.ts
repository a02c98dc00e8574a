// Money is held as a bigint count of 1/10000 units, the scale of the numeric(19,4) columns.
// Nothing here ever touches a JavaScript float.

export const SCALE = 4;
const FACTOR = 10_000n;
/** numeric(19,4) leaves 15 digits before the point: the largest amount a column holds, in units. */
export const MAX_UNITS = 10n ** 19n - 1n;

export type Units = bigint;

export type ParseResult = { ok: true; units: Units } | { ok: false; error: string };

/** Parses a decimal amount typed by a person or sent by an API client. */
export function parseAmount(input: unknown, opts: { allowNegative?: boolean } = {}): ParseResult {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, error: 'Enter a number.' };
    input = String(input);
  }
  if (typeof input !== 'string') return { ok: false, error: 'Enter a number.' };
  let text = input.trim();
  if (text === '') return { ok: false, error: 'Enter an amount.' };
  // NOTE: commas only as thousands separators ("1,234.50"); "12,50" is refused, never read as 1250.
  if (text.includes(',')) {
    if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) return { ok: false, error: 'Use a point for decimals, e.g. 12.50.' };
    text = text.replace(/,/g, '');
  }
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { ok: false, error: 'Enter a number such as 12.50.' };
  const negative = m[1] === '-';
  const fraction = m[3] ?? '';
  if (fraction.length > SCALE) return { ok: false, error: 'Use at most 4 decimal places.' };
  const units = BigInt(m[2] || '0') * FACTOR + BigInt(fraction.padEnd(SCALE, '0') || '0');
  if (units > MAX_UNITS) return { ok: false, error: 'That amount is too large.' };
  if (negative && units !== 0n && !opts.allowNegative) return { ok: false, error: 'The amount cannot be negative.' };
  return { ok: true, units: negative ? -units : units };
}

/** Whether an amount fits a numeric(19,4) column (what a price times a quantity may not). */
export const fitsColumn = (units: Units): boolean => (units < 0n ? -units : units) <= MAX_UNITS;

/** Said when a quote's amounts would not fit an invoice's columns (a huge price times a quantity). */
export const TOO_LARGE_TO_INVOICE = 'That is more than one invoice can hold: order fewer.';

/** Units to the canonical 4-decimal string stored in the database ("12.5000"). */
export function toDecimalString(units: Units): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / FACTOR;
  const frac = (abs % FACTOR).toString().padStart(SCALE, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** A numeric column's string ("12.5", "12.5000") to units. Throws: the database never holds junk. */
export function fromDecimalString(value: string): Units {
  const parsed = parseAmount(value, { allowNegative: true });
  if (!parsed.ok) throw new Error(`Not a stored amount: ${value}`);
  return parsed.units;
}

/**
 * Rounds to a currency's minor unit, half away from zero.
 * NOTE: applied after totaling, never per line (three lines of 0.3333 total 1.00).
 */
export function roundToMinor(units: Units, minorUnits: number): Units {
  const step = 10n ** BigInt(SCALE - minorUnits);
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const rounded = ((abs + step / 2n) / step) * step;
  return negative ? -rounded : rounded;
}

/** Why an amount someone typed has more decimals than its currency has (money that changes hands), or null when it has not. */
export function decimalsProblem(units: Units, currency: { code: string; minorUnits: number }): string | null {
  if (roundToMinor(units, currency.minorUnits) === units) return null;
  return currency.minorUnits
    ? `Use at most ${currency.minorUnits} decimals for ${currency.code}.`
    : `Use whole amounts for ${currency.code}.`;
}

/** Display form with the currency's minor digits and thousands separators: "1,234.50 USD". */
export function formatMoney(units: Units, currency: string, minorUnits = 2): string {
  const rounded = roundToMinor(units, minorUnits);
  const negative = rounded < 0n;
  const abs = negative ? -rounded : rounded;
  const whole = (abs / FACTOR).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (abs % FACTOR).toString().padStart(SCALE, '0').slice(0, minorUnits);
  return `${negative ? '-' : ''}${whole}${minorUnits > 0 ? `.${frac}` : ''} ${currency}`;
}

/** Shows an amount with as many decimals as it needs (2 to 4): "0.0385", "15.00". */
export function formatAmount(units: Units): string {
  const s = toDecimalString(units);
  return s.replace(/(\.\d\d\d?)0+$/, '$1').replace(/(\.\d\d)0$/, '$1');
}

export function sum(values: Units[]): Units {
  return values.reduce((a, b) => a + b, 0n);
}

/** A stored amount ("12.5000") as a person types it ("12.50"); anything else comes back as given. */
export function tidyAmount(value: unknown): string {
  // Posted text comes back as typed; a number is shown as written; nothing else is an amount.
  const s = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' ? String(value) : '';
  return /^-?\d+\.\d{4}$/.test(s) ? formatAmount(fromDecimalString(s)) : s;
}

// Arithmetic that scales an amount by a ratio. Every result is a whole number of 1/10000 units,
// rounded half away from zero; the ratio is exact integers, never a float.

/** `units × numerator / denominator`, rounded half away from zero to whole 1/10000 units. */
export function mulDiv(units: Units, numerator: bigint, denominator: bigint): Units {
  if (denominator === 0n) throw new RangeError('Cannot divide an amount by zero.');
  const product = units * numerator;
  const negative = product < 0n !== denominator < 0n;
  const p = product < 0n ? -product : product;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = p / d;
  // NOTE: a remainder of exactly half the divisor goes up (away from zero), on either sign.
  const rounded = (p % d) * 2n >= d ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/** A non-negative decimal string with at most `maxDecimals` decimals as an integer scaled by 10^maxDecimals. */
function parseRatio(text: string, maxDecimals: number, what: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(typeof text === 'string' ? text.trim() : '');
  if (!m || (m[2] ?? '').length > maxDecimals) throw new RangeError(`Not ${what}: ${String(text)}`);
  return BigInt(m[1]!) * 10n ** BigInt(maxDecimals) + BigInt((m[2] ?? '').padEnd(maxDecimals, '0') || '0');
}

const RATE_DECIMALS = 8;

/**
 * Converts a default-currency amount with an exchange rate (how many units of the other currency
 * one unit of the default buys; up to 8 decimals, as the numeric(20,8) column holds it).
 * NOTE: the result keeps 4 decimals; the currency's own rounding happens later, on totals.
 */
export function applyRate(units: Units, rate: string): Units {
  const scaled = parseRatio(rate, RATE_DECIMALS, 'an exchange rate');
  if (scaled === 0n) throw new RangeError(`An exchange rate cannot be zero: ${rate}`);
  return mulDiv(units, scaled, 10n ** BigInt(RATE_DECIMALS));
}

/** `percent`% of an amount (a tax rate such as "19.0000", up to 4 decimals), to 4 decimals. */
export function percentOf(units: Units, percent: string): Units {
  const scaled = parseRatio(percent, SCALE, 'a percentage');
  return mulDiv(units, scaled, 100n * FACTOR);
}

/** An amount times a whole count (a quantity of services): exact, no rounding needed. */
export function multiply(units: Units, count: number): Units {
  if (!Number.isSafeInteger(count)) throw new RangeError(`Not a whole count: ${count}`);
  return units * BigInt(count);
}
