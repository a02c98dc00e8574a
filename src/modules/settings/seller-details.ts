import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { db } from '../../db/database.ts';
import { parseInput } from '../shared/validation.ts';
import { Setting } from './settings.entities.ts';
import { cached } from '../../db/cache.ts';
import { isCountryCode } from './rules/countries.ts';
import { euCountryOfVatId, isEuCountry, normalizeVatId } from './rules/eu-vat.ts';

// Who sells: printed on every invoice and credit note, and {company.name} in emails. Kept in the
// `company` setting (its `name` was there before the rest).

const KEY = 'company';
const optional = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label}: at most ${max} characters.`)
    .default('');

const sellerFields = z.object({
  name: z
    .string({ error: 'Give the legal name.' })
    .trim()
    .min(1, 'Give the legal name.')
    .max(120, 'The legal name: at most 120 characters.'),
  address: optional('The address', 500),
  /** Decides EU reverse charge: a business in another EU country pays no VAT. */
  country: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
      z.string({ error: 'Choose a country.' }).refine((v) => v === '' || isCountryCode(v), 'Choose a country from the list.'),
    )
    .default(''),
  /** Characters here; checked against the country's format below (sellerDetailsInput). */
  vatId: optional('The VAT ID', 30).refine(
    (v) => v === '' || /^[A-Za-z0-9 .\-/]{2,30}$/.test(v),
    'Use letters, digits, spaces and . - / only.',
  ),
  registrationNumber: optional('The registration number', 60),
  email: optional('The email', 254).refine(
    (v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
    'Give an email address like billing@example.com.',
  ),
  bankDetails: optional('The bank details', 500),
  footer: optional('The footer', 300),
});

/**
 * The seller's details as saved: the VAT ID checked for the country's format and written the one
 * way VIES writes it ("de 123.456.789" is "DE123456789"), as a client's is (with no country
 * chosen, against the country its prefix names); outside the EU, any tax number of 4-20 letters
 * and digits, kept as typed. It is printed on every invoice, so "-5" is refused.
 */
export const sellerDetailsInput = sellerFields.transform((v, ctx) => {
  if (!v.vatId) return v;
  // No country chosen: an ID with an EU prefix is checked as that country's; anything else as any
  // tax number ('ZZ' is a code no country has).
  const country = v.country || euCountryOfVatId(v.vatId) || 'ZZ';
  const checked = normalizeVatId(v.vatId, country);
  // Outside the EU the number is printed as typed ("12-3456789"): only its characters were checked.
  if ('value' in checked) return { ...v, vatId: isEuCountry(country) ? checked.value : v.vatId };
  ctx.addIssue({ code: 'custom', path: ['vatId'], message: checked.error });
  return z.NEVER;
});

export type SellerDetails = z.infer<typeof sellerFields>;

const DEFAULTS: SellerDetails = {
  name: 'Hostbill',
  address: '',
  country: '',
  vatId: '',
  registrationNumber: '',
  email: '',
  bankDetails: '',
  footer: '',
};

/** The seller's country, read on every quote and renewal batch for the VAT rule: cached. */
export function sellerCountry(em: EntityManager): Promise<string | null> {
  return cached(em, 'seller-country', ['setting'], async () => (await getSellerDetails(em)).country || null);
}

/**
 * The details through the cache, for a hot path that reads them before its transaction (checkout
 * copies them onto each invoice it issues): an edit reaches every process when it commits.
 */
export function cachedSellerDetails(em: EntityManager): Promise<SellerDetails> {
  return cached(em, 'seller-details', ['setting'], () => getSellerDetails(em));
}

/** The stored details, each field falling back to its default when missing or malformed. */
export async function getSellerDetails(em: EntityManager): Promise<SellerDetails> {
  const row = await db(em).selectFrom('setting').select('value').where('key', '=', KEY).executeTakeFirst();
  const parsed = sellerFields.partial().safeParse(row?.value ?? {});
  return { ...DEFAULTS, ...(parsed.success ? Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) : {}) };
}

export async function saveSellerDetails(em: EntityManager, raw: unknown): Promise<SellerDetails> {
  const input = parseInput(sellerDetailsInput, raw);
  await em.upsert(Setting, { key: KEY, value: input });
  return input;
}
