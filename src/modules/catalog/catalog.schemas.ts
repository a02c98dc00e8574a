import { z } from 'zod';
import { OPTION_TYPES, PACKAGE_STATUSES, PERIODS, PRICE_TYPES } from './rules/constants.ts';
import { SLUG_MAX, SLUG_PATTERN } from './rules/slug.ts';
import {
  bool,
  chosenId,
  currencyCode,
  id,
  int,
  languageCode,
  money,
  moneyOrZero,
  optionalInt,
  optionalMoney,
  optionalText,
  text,
} from '../shared/fields.ts';

// One schema per input, shared by the admin forms and /api/v1 (and the OpenAPI document).

const slug = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z
    .string({ error: 'Enter a slug.' })
    .max(SLUG_MAX, `Use at most ${SLUG_MAX} characters.`)
    .refine((s) => s === '' || SLUG_PATTERN.test(s), 'Use lowercase letters, digits and single hyphens (e.g. vps-small).'),
);

export const catalogInput = z.object({
  name: text('a name', 120),
  slug: slug.optional().default(''),
  description: optionalText(2000).default(''),
  hidden: bool.default(false),
});
export type CatalogInput = z.infer<typeof catalogInput>;

export const packageInput = z
  .object({
    catalogId: chosenId('a catalog'),
    name: text('a name', 160),
    slug: slug.optional().default(''),
    description: optionalText(20_000).default(''),
    stock: int(-1, 1_000_000_000, 'a whole number, or -1 for unlimited').default(-1),
    perUserLimit: int(-1, 1_000_000, 'a whole number, or -1 for no limit').default(-1),
    allowCancellation: bool.default(true),
    allowQuantity: bool.default(false),
    status: z.enum(PACKAGE_STATUSES, { error: `Choose one of: ${PACKAGE_STATUSES.join(', ')}.` }).default('visible'),
    taxable: bool.default(true),
    useRenewalPricesForUpgrades: bool.default(false),
    proRata: bool.default(false),
    proRataDay: optionalInt(1, 28, 'a day from 1 to 28').nullable().default(null),
    proRataCutoffDay: optionalInt(1, 28, 'a day from 1 to 28').nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.proRata && !v.proRataDay) {
      ctx.addIssue({ code: 'custom', path: ['proRataDay'], message: 'Pro rata needs a pro rata day (1-28).' });
    }
    if (!v.proRata && v.proRataCutoffDay) {
      ctx.addIssue({ code: 'custom', path: ['proRataCutoffDay'], message: 'A cutoff day only applies with pro rata on.' });
    }
  });
export type PackageInput = z.infer<typeof packageInput>;

export const priceInput = z.object({
  name: text('a name', 60),
  type: z.enum(PRICE_TYPES, { error: 'Choose free, onetime or recurring.' }),
  intervalCount: optionalInt(1, 120, 'a whole number from 1 to 120').nullable().default(null),
  period: z
    .preprocess((v) => (v === '' ? null : v), z.enum(PERIODS, { error: 'Choose day, week, month or year.' }).nullable())
    .default(null),
  currency: currencyCode,
  price: money,
  renewalPrice: optionalMoney.default(null),
  setupFee: moneyOrZero.default('0.0000'),
  cancellationFee: moneyOrZero.default('0.0000'),
  cancelAtEndOfTerm: bool.default(false),
  enabled: bool.default(true),
});
export type PriceInput = z.infer<typeof priceInput>;

/** A valid regular expression for a text option (checked on save, so a client never meets a broken one). */
const optionPattern = optionalText(200).refine((v) => {
  if (!v) return true;
  try {
    new RegExp(v, 'u');
    return true;
  } catch {
    return false;
  }
}, 'Enter a valid regular expression, such as ^[a-z0-9.-]+$.');

/**
 * An option group: its name, and (all optional, kept when left out) its type, how a choice is
 * shown, a quantity's bounds, a text's pattern and whether clients may change it later.
 */
export const variantGroupInput = z
  .object({
    name: text('a name', 120),
    type: z.enum(OPTION_TYPES, { error: 'Choose a type: choice, quantity, yesno or text.' }).optional(),
    display: z.enum(['radio', 'select'], { error: 'Choose radio or select.' }).optional(),
    minQuantity: int(0, 10_000).optional(),
    maxQuantity: int(1, 10_000).optional(),
    pattern: optionPattern.optional(),
    upgradable: bool.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.minQuantity !== undefined && v.maxQuantity !== undefined && v.minQuantity > v.maxQuantity)
      ctx.addIssue({ code: 'custom', path: ['maxQuantity'], message: 'Use a maximum at least the minimum.' });
  });
export const variantOptionInput = z.object({ name: text('a name', 120) });

export const variantOptionPriceInput = z.object({
  priceName: text('the package price name', 60),
  currency: currencyCode,
  price: moneyOrZero,
  setupFee: moneyOrZero.default('0.0000'),
});
export type VariantOptionPriceInput = z.infer<typeof variantOptionPriceInput>;

/** A list of ids from checkboxes (a lone value, blanks from the hidden "none" field) or JSON. */
const idList = (max: number, what: string) =>
  z.preprocess(
    (v): unknown[] => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).filter((x) => x !== '')),
    z.array(id).max(max, `Choose at most ${max} ${what}.`),
  );

export const scalingInput = z.object({
  targetIds: idList(500, 'packages'),
});

export const addonGroupInput = z.object({
  name: text('a name', 120),
  /** The name in other languages by language code; a blank name falls back to `name`. */
  names: z
    .record(languageCode, optionalText(120), { error: 'Give names by language code, e.g. {"de": "Sicherungen"}.' })
    .optional()
    .default({})
    .transform((names) => Object.fromEntries(Object.entries(names).filter(([, name]) => name !== ''))),
  packageIds: idList(1000, 'packages').default([]),
});
export type AddonGroupInput = z.infer<typeof addonGroupInput>;

export const offeredAddonsInput = z.object({
  groupIds: idList(200, 'add-on groups'),
});

/** The shared option groups a package uses, in the order its order form shows them. */
export const packageOptionGroupsInput = z.object({
  groupIds: idList(100, 'option groups'),
});

/** A package's own prices for one option (replacing its group's of the same name and currency); an empty list clears them. */
export const packageOptionPricesInput = z.object({
  prices: z.array(variantOptionPriceInput, { error: 'Give the prices as a list.' }).max(100, 'Give at most 100 prices.'),
});

/** A welcome email's fields as typed, before the rule that a body needs a subject (a test send says its own words). */
export const welcomeEmailFields = z.object({
  language: languageCode,
  subject: optionalText(200).default(''),
  html: optionalText(100_000).default(''),
  text: optionalText(100_000).default(''),
});

export const welcomeEmailInput = welcomeEmailFields
  // All three empty is "no welcome email in this language"; a body without a subject would go out blank.
  .refine((v) => v.subject.trim() !== '' || (v.html.trim() === '' && v.text.trim() === ''), {
    path: ['subject'],
    message: 'Write a subject, or clear the HTML and text too to send no welcome email in this language.',
  });
export type WelcomeEmailInput = z.infer<typeof welcomeEmailInput>;

export const translationInput = z.object({
  language: languageCode,
  name: optionalText(160).default(''),
  description: optionalText(20_000).default(''),
});

export const provisioningInput = z.object({
  pluginInstanceId: z.preprocess((v) => (v === '' || v === undefined ? null : v), id.nullable()),
  options: z.record(z.string(), z.unknown()).default({}),
});
