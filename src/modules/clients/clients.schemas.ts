import { z } from 'zod';
import { isCountryCode } from './rules/countries.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../auth/password.ts';
import { currencyCode, id, languageCode, text } from '../shared/fields.ts';
import { emailField } from '../staff/staff.schemas.ts';

// One schema per input, shared by the client area, the staff pages and /api/v1.

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const countryField = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
  z.string({ error: 'Choose a country.' }).refine(isCountryCode, 'Choose a country from the list.'),
);

export const passwordField = z
  .string({ error: 'Enter a password.' })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

/** Name, email, country, and the preferred currency and language (blank: the store's default). */
export const profileInput = z.object({
  name: text('a name', 120),
  email: emailField,
  country: countryField,
  currency: z.preprocess(blankToUndefined, currencyCode.optional()),
  language: z.preprocess(blankToUndefined, languageCode.optional()),
});
export type ProfileInput = z.infer<typeof profileInput>;

export const signUpInput = profileInput.extend({ password: passwordField });

export const forgotPasswordInput = z.object({ email: emailField });

export const resetPasswordInput = z.object({
  token: z.string({ error: 'That link is not valid. Ask for a new one below.' }).min(1, 'That link is not valid. Ask for a new one below.').max(100, 'That link is not valid. Ask for a new one below.'),
  password: passwordField,
});

export const changePasswordInput = z.object({
  currentPassword: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.').max(PASSWORD_MAX, 'That is not your current password.'),
  password: passwordField,
});

export const listClientsQuery = z.object({
  q: z.string().trim().max(200, 'Search for at most 200 characters.').optional().default(''),
  page: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Choose a page.' }).int('Choose a page.').min(1, 'Choose a page.').max(100_000, 'Choose a page.').default(1)),
  perPage: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Choose a page size.' }).int().min(1).max(200, 'Use at most 200 per page.').default(25)),
});
export type ListClientsQuery = z.infer<typeof listClientsQuery>;

/** Forms send a hidden "" first so an empty list is still a list; the API must send the field. */
export const allowedPackagesInput = z.object({
  packageIds: z.preprocess(
    (v) => (v === undefined || v === null ? v : (Array.isArray(v) ? v : [v]).filter((x) => x !== '')),
    z.array(id, { error: 'Send packageIds, a list of package ids.' }).max(1000, 'Choose at most 1000 packages.'),
  ),
});
