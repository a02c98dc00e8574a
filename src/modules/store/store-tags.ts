import type { Tags } from '../../db/cache.ts';

/**
 * Every table a public store page is read from (see ChangeCache): a write to any of them drops
 * every cached store page. A new table that store pages read (add-on groups, coupons shown on
 * the page) belongs here, with the change trigger its migration adds.
 */
export const STORE_TABLES = [
  'catalog',
  'package',
  'package_price',
  'package_translation',
  'variant_group',
  'variant_option',
  'variant_option_price',
  'package_option_group',
  'package_option_price',
  'addon_group',
  'addon_group_package',
  'package_addon_group',
  'currency',
  'language',
  'setting',
  'tax_rate',
] as const;

/** The tag for units held of a package: an order, a payment or an expiry changes what is left. */
export const heldTag = (packageId: number) => `held:${packageId}`;

/** A store page's tags: the store's tables, and units held of each package it shows stock for. */
export function storePageTags(packages: { id: number; left: number | null }[]): Tags {
  return [...STORE_TABLES, ...packages.filter((p) => p.left !== null).map((p) => heldTag(p.id))];
}
