import { isCountryCode } from './rules/countries.ts';
import { z } from 'zod';
import { bool, currencyCode, int, languageCode, text } from '../shared/fields.ts';
import { parseAmount } from '../shared/money.ts';

export const BILLING_DEFAULTS = {
  invoiceDaysBefore: 7,
  suspendAfterDays: 3,
  terminateAfterDays: 14,
  reservationMinutes: 30,
  /** A client's services renewing on the same date share one invoice. */
  groupRenewals: true,
} as const;
export type BillingSettings = {
  invoiceDaysBefore: number;
  suspendAfterDays: number;
  terminateAfterDays: number;
  reservationMinutes: number;
  groupRenewals: boolean;
};

export const billingSettingsInput = z
  .object({
    invoiceDaysBefore: int(0, 90, 'a number of days from 0 to 90'),
    suspendAfterDays: int(0, 365, 'a number of days from 0 to 365'),
    terminateAfterDays: int(0, 3650, 'a number of days from 0 to 3650'),
    reservationMinutes: int(1, 10_080, 'a number of minutes from 1 to 10080'),
    groupRenewals: bool,
  })
  .superRefine((v, ctx) => {
    if (v.terminateAfterDays < v.suspendAfterDays) {
      ctx.addIssue({ code: 'custom', path: ['terminateAfterDays'], message: 'Terminate on or after the day services are suspended.' });
    }
  });

/** Exchange rates: positive, up to 8 decimals. */
const rate = z.unknown().transform((v, ctx) => {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (!/^\d{1,12}(\.\d{1,8})?$/.test(s) || /^0+(\.0+)?$/.test(s)) {
    ctx.addIssue({ code: 'custom', message: 'Enter a positive rate with at most 8 decimals, e.g. 0.92.' });
    return z.NEVER;
  }
  return s;
});

export const currencyInput = z.object({
  code: currencyCode,
  name: text('a name', 60),
  minorUnits: int(0, 4, 'the number of decimals (0 to 4)').default(2),
  rate,
  isDefault: bool.default(false),
});

export const languageInput = z.object({
  code: languageCode,
  name: text('a name', 60),
  isDefault: bool.default(false),
});

export const taxRateInput = z.object({
  country: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
    z
      .string({ error: 'Enter a country code.' })
      .regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as DE.')
      // A code no country has (XX) would be a rate no client is ever charged.
      .refine(isCountryCode, 'That is not a country code (ISO 3166, such as DE).'),
  ),
  name: text('a name', 60),
  rate: z.unknown().transform((v, ctx) => {
    // Read as a signed number: "-5" and "1e9" are told the range, not about an amount.
    const parsed = parseAmount(v ?? '', { allowNegative: true });
    const tooLarge = !parsed.ok && /too large/.test(parsed.error);
    if (!parsed.ok || parsed.units < 0n || parsed.units > 1_000_000n) {
      const message = parsed.ok || tooLarge ? 'A rate is a percent from 0 to 100.' : parsed.error;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return (Number(parsed.units) / 10_000).toFixed(4);
  }),
});
