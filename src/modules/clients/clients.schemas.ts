import { z } from 'zod';
import { isCountryCode } from '../settings/rules/countries.ts';
import { normalizeVatId } from '../settings/rules/eu-vat.ts';
import { PASSWORD_MAX } from '../auth/password.ts';
import { newPasswordField } from '../auth/new-password.ts';
import { currencyCode, id, languageCode, text } from '../shared/fields.ts';
import { emailField } from '../staff/staff.schemas.ts';

// One schema per input, shared by the client area, the staff pages and /api/v1.

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const countryField = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
  z.string({ error: 'Choose a country.' }).refine(isCountryCode, 'Choose a country from the list.'),
);

export const passwordField = newPasswordField;

const optionalText = (label: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.preprocess(
      blankToUndefined,
      z
        .string({ error: `${label} must be text.` })
        .max(max, `${label}: at most ${max} characters.`)
        .optional(),
    ),
  );

/**
 * Name, email, country, the preferred currency and language (blank: the store's default), and
 * the billing details invoices print: company, address and VAT ID (all optional).
 */
export const profileShape = z.object({
  name: text('a name', 120),
  email: emailField,
  country: countryField,
  currency: z.preprocess(blankToUndefined, currencyCode.optional()),
  language: z.preprocess(blankToUndefined, languageCode.optional()),
  company: optionalText('The company', 120),
  address: optionalText('The address', 300).refine((v) => v === undefined || v.split(/\r?\n/).length <= 5, 'Use at most 5 lines.'),
  vatId: optionalText('The VAT ID', 30),
});

/** Why the VAT ID does not fit the country's format (EU) or a tax number (elsewhere); null when it does or there is none. */
function vatIdProblem(input: unknown): string | null {
  const v = (input ?? {}) as { country?: unknown; vatId?: unknown };
  if (typeof v.vatId !== 'string' || !v.vatId.trim()) return null;
  const checked = normalizeVatId(
    v.vatId,
    typeof v.country === 'string' && isCountryCode(v.country.trim().toUpperCase()) ? v.country.trim().toUpperCase() : null,
  );
  return 'error' in checked ? checked.error : null;
}
// NOTE: `when` runs the check even when another field failed, so every error shows at once.
const vatIdCheck = { path: ['vatId'], error: (iss: { input: unknown }) => vatIdProblem(iss.input) ?? '', when: () => true };

export const profileInput = profileShape.refine((v) => vatIdProblem(v) === null, vatIdCheck);
export type ProfileInput = z.infer<typeof profileInput>;

export const signUpInput = profileShape.extend({ password: passwordField }).refine((v) => vatIdProblem(v) === null, vatIdCheck);

/** The billing details as stored: blanks as null, the VAT ID as VIES writes it (DE123456789). */
export function billingDetailsOf(input: { country?: string; company?: string; address?: string; vatId?: string }) {
  const vat = input.vatId === undefined ? null : normalizeVatId(input.vatId, input.country);
  return { company: input.company ?? null, address: input.address ?? null, vatId: vat && 'value' in vat ? vat.value : null };
}

export const forgotPasswordInput = z.object({ email: emailField });

export const resetPasswordInput = z.object({
  token: z
    .string({ error: 'That link is not valid. Ask for a new one below.' })
    .min(1, 'That link is not valid. Ask for a new one below.')
    .max(100, 'That link is not valid. Ask for a new one below.'),
  password: passwordField,
});

export const changePasswordInput = z.object({
  currentPassword: z
    .string({ error: 'Enter your current password.' })
    .min(1, 'Enter your current password.')
    .max(PASSWORD_MAX, 'That is not your current password.'),
  password: passwordField,
});

export const listClientsQuery = z.object({
  q: z.string().trim().max(200, 'Search for at most 200 characters.').optional().default(''),
  page: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'Choose a page.' }).int('Choose a page.').min(1, 'Choose a page.').max(100_000, 'Choose a page.').default(1),
  ),
  perPage: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'Choose a page size.' }).int().min(1).max(200, 'Use at most 200 per page.').default(25),
  ),
});
export type ListClientsQuery = z.infer<typeof listClientsQuery>;

/** Forms send a hidden "" first so an empty list is still a list; the API must send the field. */
export const allowedPackagesInput = z.object({
  packageIds: z.preprocess(
    (v) => (v === undefined || v === null ? v : (Array.isArray(v) ? v : [v]).filter((x) => x !== '')),
    z.array(id, { error: 'Send packageIds, a list of package ids.' }).max(1000, 'Choose at most 1000 packages.'),
  ),
});
