import { z } from 'zod';
import { isCalendarDate } from './dates.ts';
import { parseAmount, toDecimalString } from './money.ts';

// Field types shared by the forms and the JSON API, so both answer junk with the same words.

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

export const text = (label: string, max: number, min = 1) =>
  z.preprocess(
    trimmed,
    z
      .string({ error: `Enter ${label}.` })
      .min(min, `Enter ${label}.`)
      .max(max, `Use at most ${max} characters.`),
  );

export const optionalText = (max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? '' : trimmed(v)),
    z.string({ error: 'Enter text.' }).max(max, `Use at most ${max} characters.`),
  );

/** Whole numbers from a form ("12") or JSON (12). */
export const int = (min: number, max: number, label = 'a whole number') =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' && /^[+-]?\d+$/.test(v.trim()) ? Number(v.trim()) : v === '' ? undefined : v),
    z
      .number({ error: `Enter ${label}.` })
      .int(`Enter ${label}.`)
      .min(min, `Use ${min} or more.`)
      .max(max, `Use ${max} or less.`),
  );

/** An id picked from a list (a select): missing or junk reads "Choose a catalog.", not "Enter an id.". */
export const chosenId = (what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v.trim()) : v === '' ? undefined : v),
    z
      .number({ error: `Choose ${what}.` })
      .int(`Choose ${what}.`)
      .min(1, `Choose ${what}.`)
      .max(2_147_483_647, `Choose ${what}.`),
  );

export const optionalInt = (min: number, max: number, label?: string) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), int(min, max, label).optional());

/** Checkboxes send "on"/"1"/"true" when ticked; JSON sends booleans. */
export const bool = z.preprocess(
  (v) => {
    if (v === true || v === 'on' || v === 'true' || v === '1' || v === 1) return true;
    if (v === false || v === undefined || v === null || v === '' || v === 'off' || v === 'false' || v === '0' || v === 0) return false;
    return v;
  },
  z.boolean({ error: 'Choose yes or no.' }),
);

/** An amount up to 4 decimals as its canonical decimal string; below zero only when `allowNegative`. */
const amount = (allowNegative: boolean) =>
  z.unknown().transform((v, ctx) => {
    const parsed = parseAmount(v === undefined || v === null ? '' : v, { allowNegative });
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return toDecimalString(parsed.units);
  });

/** An amount up to 4 decimals, never negative, stored as its canonical decimal string. */
export const money = amount(false).meta({
  type: 'string',
  pattern: '^\\d{1,15}(\\.\\d{1,4})?$',
  description: 'A non-negative decimal amount with at most 4 decimals.',
  examples: ['12.50', '0.0385'],
});

/** A signed amount with at most 4 decimals (a credit or a discount is negative), as its canonical string. */
export const signedMoney = (description: string, examples: string[]) =>
  amount(true).meta({ type: 'string', pattern: '^-?\\d{1,15}(\\.\\d{1,4})?$', description, examples });

/** Like money, but blank means "not set". */
export const optionalMoney = z
  .unknown()
  .transform((v, ctx) => {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
    const parsed = parseAmount(v);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return toDecimalString(parsed.units);
  })
  .meta({
    type: ['string', 'null'],
    description: 'A non-negative decimal amount with at most 4 decimals, or null for none.',
    examples: ['15.00', null],
  });

/** Money with a default of zero when blank (setup and cancellation fees). */
export const moneyOrZero = z.preprocess(
  (v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? '0' : v),
  money,
);

export const currencyCode = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
  z.string({ error: 'Choose a currency.' }).regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as USD.'),
);

export const languageCode = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z.string({ error: 'Enter a language code.' }).regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'Use a language code such as en or pt-BR.'),
);

export const id = int(1, 2_147_483_647, 'an id');

/** A calendar date (YYYY-MM-DD) between 1970 and 2199; blank means "not given". */
export const optionalCalendarDate = z.preprocess(
  (v) => (v === '' || v === null ? undefined : trimmed(v)),
  z
    .string({ error: 'Use a date like 2026-01-31.' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.')
    .refine((d) => isCalendarDate(d), 'That date does not exist.')
    .refine((d) => d >= '1970-01-01' && d <= '2199-12-31', 'Use a date between 1970 and 2199.')
    .optional(),
);

/**
 * The key a form (or an API request) carries so that sending it twice does its work once: a
 * double click with JavaScript off, a retried request. Made when the form is shown.
 */
export const requestKey = z
  .string({ error: 'Use 8 to 64 letters, digits, - or _.' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'Use 8 to 64 letters, digits, - or _.')
  .optional()
  .meta({ examples: ['7f3c9a2e-1b4d-4e8f-9a6b-2c5d8e1f0a3b'] });
