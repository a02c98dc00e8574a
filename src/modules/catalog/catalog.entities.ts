import { defineEntity, p } from '@mikro-orm/core';
import type { OptionType, PackageStatus, Period, PriceType } from './rules/constants.ts';
import { PluginInstance } from '../plugins/plugins.entities.ts';

export const Catalog = defineEntity({
  name: 'Catalog',
  tableName: 'catalog',
  properties: {
    id: p.integer().primary(),
    name: p.string().length(120),
    slug: p.string().length(80).unique(),
    description: p.text().default(''),
    position: p.integer().default(0),
    hidden: p.boolean().default(false),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export const Package = defineEntity({
  name: 'Package',
  tableName: 'package',
  indexes: [{ properties: ['catalog', 'position'] }, { properties: ['status'] }],
  // The database holds the rules too, so no path (API, CLI, a bad migration) can store nonsense.
  checks: [
    { name: 'package_stock_check', expression: 'stock >= -1' },
    { name: 'package_per_user_limit_check', expression: 'per_user_limit >= -1' },
    { name: 'package_status_check', expression: "status in ('visible', 'hidden', 'restricted', 'inactive')" },
    { name: 'package_pro_rata_day_check', expression: 'pro_rata_day is null or (pro_rata_day >= 1 and pro_rata_day <= 28)' },
    {
      name: 'package_pro_rata_cutoff_day_check',
      expression: 'pro_rata_cutoff_day is null or (pro_rata_cutoff_day >= 1 and pro_rata_cutoff_day <= 28)',
    },
    { name: 'package_slug_check', expression: "slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'" },
  ],
  properties: {
    id: p.integer().primary(),
    catalog: () => p.manyToOne(Catalog).ref(),
    name: p.string().length(160),
    slug: p.string().length(80).unique(),
    description: p.text().default(''),
    iconPath: p.string().length(200).nullable(),
    stock: p.integer().default(-1),
    perUserLimit: p.integer().default(-1),
    allowCancellation: p.boolean().default(true),
    allowQuantity: p.boolean().default(false),
    status: p.string().length(16).$type<PackageStatus>().default('visible'),
    taxable: p.boolean().default(true),
    useRenewalPricesForUpgrades: p.boolean().default(false),
    proRata: p.boolean().default(false),
    proRataDay: p.smallint().nullable(),
    proRataCutoffDay: p.smallint().nullable(),
    pluginInstance: () => p.manyToOne(PluginInstance).ref().nullable().deleteRule('set null'),
    pluginOptions: p.json<Record<string, unknown>>().default('{}'),
    position: p.integer().default(0),
    scalableTo: () =>
      p.manyToMany(Package).pivotTable('package_scaling').joinColumn('package_id').inverseJoinColumn('target_package_id').owner(),
    /** The add-on groups offered with this package (its services may take their packages as add-ons). */
    addonGroups: () =>
      p.manyToMany(AddonGroup).pivotTable('package_addon_group').joinColumn('package_id').inverseJoinColumn('addon_group_id').owner(),
    prices: () => p.oneToMany(PackagePrice).mappedBy('package').orderBy({ position: 'asc', id: 'asc' }),
    /** The shared option groups attached to this package, in its order. */
    optionGroups: () => p.oneToMany(PackageOptionGroup).mappedBy('package').orderBy({ position: 'asc', id: 'asc' }),
    /** This package's own prices for options of its groups, over the groups' (by price name and currency). */
    optionPrices: () => p.oneToMany(PackageOptionPrice).mappedBy('package'),
    translations: () => p.oneToMany(PackageTranslation).mappedBy('package'),
    welcomeEmails: () => p.oneToMany(WelcomeEmail).mappedBy('package'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

/** Name and description in a non-default language; the package's own fields are the default language. */
export const PackageTranslation = defineEntity({
  name: 'PackageTranslation',
  tableName: 'package_translation',
  uniques: [{ properties: ['package', 'language'] }],
  properties: {
    id: p.integer().primary(),
    package: () => p.manyToOne(Package).ref().deleteRule('cascade'),
    language: p.string().length(10),
    name: p.string().length(160).default(''),
    description: p.text().default(''),
  },
});

export const PackagePrice = defineEntity({
  name: 'PackagePrice',
  tableName: 'package_price',
  uniques: [{ properties: ['package', 'name', 'currency'] }],
  checks: [
    { name: 'package_price_type_check', expression: "type in ('free', 'onetime', 'recurring')" },
    { name: 'package_price_period_check', expression: "(type = 'recurring') = (period is not null and interval_count is not null)" },
    {
      name: 'package_price_amounts_check',
      expression: 'price >= 0 and setup_fee >= 0 and cancellation_fee >= 0 and (renewal_price is null or renewal_price >= 0)',
    },
  ],
  properties: {
    id: p.integer().primary(),
    package: () => p.manyToOne(Package).ref().deleteRule('cascade'),
    name: p.string().length(60),
    type: p.string().length(16).$type<PriceType>(),
    intervalCount: p.smallint().nullable(),
    period: p.string().length(8).$type<Period>().nullable(),
    currency: p.string().length(3),
    price: p.decimal('string').precision(19).scale(4).default('0'),
    renewalPrice: p.decimal('string').precision(19).scale(4).nullable(),
    setupFee: p.decimal('string').precision(19).scale(4).default('0'),
    cancellationFee: p.decimal('string').precision(19).scale(4).default('0'),
    cancelAtEndOfTerm: p.boolean().default(false),
    enabled: p.boolean().default(true),
    position: p.integer().default(0),
  },
});

/**
 * A configurable option group (DOMAIN.md "Configurable options"), defined once and attached to any
 * number of packages (package_option_group). Its options are priced by package price name and
 * currency (the Billmora rule), so one group fits every package with those price names.
 * NOTE: the table keeps its first name, variant_group, from when each group belonged to one package.
 */
export const VariantGroup = defineEntity({
  name: 'VariantGroup',
  tableName: 'variant_group',
  checks: [{ name: 'variant_group_type_check', expression: "type in ('choice', 'quantity', 'yesno', 'text')" }],
  properties: {
    id: p.integer().primary(),
    name: p.string().length(120),
    /** choice: one of its options; quantity: N units of its one option within min and max; yesno: its one option or none; text: a value, not priced. */
    type: p.string().length(10).$type<OptionType>().default('choice'),
    /** How a choice is shown: radio buttons or a select. */
    display: p.string().length(10).default('radio'),
    minQuantity: p.integer().default(0),
    maxQuantity: p.integer().default(1),
    /** A text option's value must match this regular expression (empty: any text up to 200 characters). */
    pattern: p.string().length(200).default(''),
    /** Whether clients may change it on an active service (priced like a package change). */
    upgradable: p.boolean().default(false),
    position: p.integer().default(0),
    options: () => p.oneToMany(VariantOption).mappedBy('group').orderBy({ position: 'asc', id: 'asc' }),
    packages: () => p.oneToMany(PackageOptionGroup).mappedBy('group'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

/** A package's use of an option group, at its place on the package's order form. */
export const PackageOptionGroup = defineEntity({
  name: 'PackageOptionGroup',
  tableName: 'package_option_group',
  uniques: [{ properties: ['package', 'group'] }],
  properties: {
    id: p.integer().primary(),
    package: () => p.manyToOne(Package).ref().deleteRule('cascade'),
    group: () => p.manyToOne(VariantGroup).ref().deleteRule('cascade').index('package_option_group_group_id_index'),
    position: p.integer().default(0),
  },
});

/** A package's own price for an option, replacing the group's for that price name and currency. */
export const PackageOptionPrice = defineEntity({
  name: 'PackageOptionPrice',
  tableName: 'package_option_price',
  uniques: [{ properties: ['package', 'option', 'priceName', 'currency'] }],
  checks: [{ name: 'package_option_price_amounts_check', expression: 'price >= 0 and setup_fee >= 0' }],
  properties: {
    id: p.integer().primary(),
    package: () => p.manyToOne(Package).ref().deleteRule('cascade'),
    option: () => p.manyToOne(VariantOption).ref().deleteRule('cascade').index('package_option_price_option_id_index'),
    priceName: p.string().length(60),
    currency: p.string().length(3),
    price: p.decimal('string').precision(19).scale(4).default('0'),
    setupFee: p.decimal('string').precision(19).scale(4).default('0'),
  },
});

export const VariantOption = defineEntity({
  name: 'VariantOption',
  tableName: 'variant_option',
  properties: {
    id: p.integer().primary(),
    group: () => p.manyToOne(VariantGroup).ref().deleteRule('cascade'),
    name: p.string().length(120),
    position: p.integer().default(0),
    prices: () => p.oneToMany(VariantOptionPrice).mappedBy('option').orderBy({ priceName: 'asc', currency: 'asc' }),
  },
});

/** NOTE: keyed by the package price's name and currency (the Billmora rule), not by its id. */
export const VariantOptionPrice = defineEntity({
  name: 'VariantOptionPrice',
  tableName: 'variant_option_price',
  uniques: [{ properties: ['option', 'priceName', 'currency'] }],
  checks: [{ name: 'variant_option_price_amounts_check', expression: 'price >= 0 and setup_fee >= 0' }],
  properties: {
    id: p.integer().primary(),
    option: () => p.manyToOne(VariantOption).ref().deleteRule('cascade'),
    priceName: p.string().length(60),
    currency: p.string().length(3),
    price: p.decimal('string').precision(19).scale(4).default('0'),
    setupFee: p.decimal('string').precision(19).scale(4).default('0'),
  },
});

export const WelcomeEmail = defineEntity({
  name: 'WelcomeEmail',
  tableName: 'welcome_email',
  uniques: [{ properties: ['package', 'language'] }],
  properties: {
    id: p.integer().primary(),
    package: () => p.manyToOne(Package).ref().deleteRule('cascade'),
    language: p.string().length(10),
    subject: p.string().length(200).default(''),
    html: p.text().default(''),
    text: p.text().default(''),
  },
});

/**
 * Blesta's add-on package group: a list of packages sold as add-ons of the packages that offer
 * the group. A package keeps its one catalog for the storefront and may be in any number of groups.
 */
export const AddonGroup = defineEntity({
  name: 'AddonGroup',
  tableName: 'addon_group',
  properties: {
    id: p.integer().primary(),
    name: p.string().length(120),
    /** The name in the store's other languages, by language code; the default language uses `name`. */
    names: p.json<Record<string, string>>().default('{}'),
    position: p.integer().default(0),
    packages: () =>
      p.manyToMany(Package).pivotTable('addon_group_package').joinColumn('addon_group_id').inverseJoinColumn('package_id').owner(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
