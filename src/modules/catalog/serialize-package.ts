import type { loadPackage } from './load-package.ts';
import type { OptionType, PackageStatus, Period, PriceType } from './rules/constants.ts';

// The one plain shape of a package: the editor's views and the JSON API both use it.

export interface PriceDetail {
  id: number;
  name: string;
  type: PriceType;
  intervalCount: number | null;
  period: Period | null;
  currency: string;
  price: string;
  renewalPrice: string | null;
  setupFee: string;
  cancellationFee: string;
  cancelAtEndOfTerm: boolean;
  enabled: boolean;
}

export interface VariantOptionDetail {
  id: number;
  name: string;
  /** What the option costs with this package: its group's prices, with the package's own over them. */
  prices: { priceName: string; currency: string; price: string; setupFee: string }[];
  /** The group's own prices (shared by every package using it), which the option editor edits; absent in quote reads. */
  groupPrices?: { priceName: string; currency: string; price: string; setupFee: string }[];
}

/** A configurable option group as a package uses it. */
export interface OptionGroupDetail {
  id: number;
  name: string;
  type: OptionType;
  display: string;
  minQuantity: number;
  maxQuantity: number;
  pattern: string;
  upgradable: boolean;
  options: VariantOptionDetail[];
}

/** An option group's identity and how it is chosen: the fields the catalog, the store and the change page pass along as they are. */
export function groupSettingsOf<
  T extends { id: number; name: string; type: OptionType; display: string; minQuantity: number; maxQuantity: number; pattern: string },
>(g: T) {
  return {
    id: g.id,
    name: g.name,
    type: g.type,
    display: g.display,
    minQuantity: g.minQuantity,
    maxQuantity: g.maxQuantity,
    pattern: g.pattern,
  };
}

type OptionPriceRow = { priceName: string; currency: string; price: string; setupFee: string };

/** An option's prices for one package: the package's own replace its group's of the same name and currency. */
export function effectiveOptionPrices(groupPrices: readonly OptionPriceRow[], own: readonly OptionPriceRow[]): OptionPriceRow[] {
  const key = (p: OptionPriceRow) => `${p.priceName}\u0000${p.currency}`;
  const mine = new Map(own.map((p) => [key(p), p]));
  const merged = groupPrices.map((p) => mine.get(key(p)) ?? p);
  const seen = new Set(groupPrices.map(key));
  return [...merged, ...own.filter((p) => !seen.has(key(p)))].sort(
    (a, b) => a.priceName.localeCompare(b.priceName) || a.currency.localeCompare(b.currency),
  );
}

export interface PackageDetail {
  id: number;
  catalogId: number;
  catalogName: string;
  name: string;
  slug: string;
  description: string;
  iconUrl: string | null;
  stock: number;
  perUserLimit: number;
  allowCancellation: boolean;
  allowQuantity: boolean;
  status: PackageStatus;
  taxable: boolean;
  useRenewalPricesForUpgrades: boolean;
  proRata: boolean;
  proRataDay: number | null;
  proRataCutoffDay: number | null;
  pluginInstanceId: number | null;
  pluginOptions: Record<string, unknown>;
  scalableTo: { id: number; name: string; slug: string }[];
  /** The add-on groups offered with this package. */
  addonGroups: { id: number; name: string }[];
  prices: PriceDetail[];
  /** The option groups attached to it, in its order, each option priced for this package. */
  variantGroups: OptionGroupDetail[];
  /** This package's own option prices (over its groups'). */
  optionPriceOverrides: (OptionPriceRow & { optionId: number })[];
  translations: { language: string; name: string; description: string }[];
  welcomeEmails: { language: string; subject: string; html: string; text: string }[];
  createdAt: string;
  updatedAt: string;
}

/** numeric(19,4) comes back as "12.5000"; the API and forms show the same canonical string. */
const amount = (v: string) => {
  const [w, f = ''] = String(v).split('.');
  return `${w}.${f.padEnd(4, '0').slice(0, 4)}`;
};

export function serializePackage(pkg: Awaited<ReturnType<typeof loadPackage>>): PackageDetail {
  const overrides = pkg.optionPrices
    .getItems()
    .map((x) => ({
      optionId: x.option.id,
      priceName: x.priceName,
      currency: x.currency,
      price: amount(x.price),
      setupFee: amount(x.setupFee),
    }))
    .sort((a, b) => a.optionId - b.optionId || a.priceName.localeCompare(b.priceName) || a.currency.localeCompare(b.currency));
  return {
    id: pkg.id,
    catalogId: pkg.catalog.id,
    catalogName: pkg.catalog.getEntity().name,
    name: pkg.name,
    slug: pkg.slug,
    description: pkg.description,
    iconUrl: pkg.iconPath ? `/uploads/${pkg.iconPath}` : null,
    stock: pkg.stock,
    perUserLimit: pkg.perUserLimit,
    allowCancellation: pkg.allowCancellation,
    allowQuantity: pkg.allowQuantity,
    status: pkg.status,
    taxable: pkg.taxable,
    useRenewalPricesForUpgrades: pkg.useRenewalPricesForUpgrades,
    proRata: pkg.proRata,
    proRataDay: pkg.proRataDay ?? null,
    proRataCutoffDay: pkg.proRataCutoffDay ?? null,
    pluginInstanceId: pkg.pluginInstance?.id ?? null,
    pluginOptions: pkg.pluginOptions,
    scalableTo: pkg.scalableTo
      .getItems()
      .map((t) => ({ id: t.id, name: t.name, slug: t.slug }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    addonGroups: pkg.addonGroups
      .getItems()
      .map((g) => ({ id: g.id, name: g.name, position: g.position }))
      .sort((a, b) => a.position - b.position || a.id - b.id)
      .map(({ id, name }) => ({ id, name })),
    prices: pkg.prices.getItems().map((p) => ({
      id: p.id,
      name: p.name,
      type: p.type,
      intervalCount: p.intervalCount ?? null,
      period: p.period ?? null,
      currency: p.currency,
      price: amount(p.price),
      renewalPrice: p.renewalPrice == null ? null : amount(p.renewalPrice),
      setupFee: amount(p.setupFee),
      cancellationFee: amount(p.cancellationFee),
      cancelAtEndOfTerm: p.cancelAtEndOfTerm,
      enabled: p.enabled,
    })),
    variantGroups: pkg.optionGroups.getItems().map((pg) => {
      const g = pg.group.getEntity();
      return {
        ...groupSettingsOf(g),
        upgradable: g.upgradable,
        options: g.options.getItems().map((o) => {
          const groupPrices = o.prices
            .getItems()
            .map((vp) => ({ priceName: vp.priceName, currency: vp.currency, price: amount(vp.price), setupFee: amount(vp.setupFee) }));
          const own = overrides.filter((x) => x.optionId === o.id).map(({ optionId: _o, ...p }) => p);
          return { id: o.id, name: o.name, prices: effectiveOptionPrices(groupPrices, own), groupPrices };
        }),
      };
    }),
    optionPriceOverrides: overrides,
    translations: pkg.translations.getItems().map((t) => ({ language: t.language, name: t.name, description: t.description })),
    welcomeEmails: pkg.welcomeEmails.getItems().map((w) => ({ language: w.language, subject: w.subject, html: w.html, text: w.text })),
    createdAt: pkg.createdAt.toISOString(),
    updatedAt: pkg.updatedAt.toISOString(),
  };
}
