import type { loadPackage } from './load-package.ts';
import type { PackageStatus, Period, PriceType } from './rules/constants.ts';

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
  prices: { priceName: string; currency: string; price: string; setupFee: string }[];
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
  variantGroups: { id: number; name: string; options: VariantOptionDetail[] }[];
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
    scalableTo: pkg.scalableTo.getItems().map((t) => ({ id: t.id, name: t.name, slug: t.slug })).sort((a, b) => a.name.localeCompare(b.name)),
    addonGroups: pkg.addonGroups.getItems().map((g) => ({ id: g.id, name: g.name, position: g.position })).sort((a, b) => a.position - b.position || a.id - b.id).map(({ id, name }) => ({ id, name })),
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
    variantGroups: pkg.variantGroups.getItems().map((g) => ({
      id: g.id,
      name: g.name,
      options: g.options.getItems().map((o) => ({
        id: o.id,
        name: o.name,
        prices: o.prices.getItems().map((vp) => ({ priceName: vp.priceName, currency: vp.currency, price: amount(vp.price), setupFee: amount(vp.setupFee) })),
      })),
    })),
    translations: pkg.translations.getItems().map((t) => ({ language: t.language, name: t.name, description: t.description })),
    welcomeEmails: pkg.welcomeEmails.getItems().map((w) => ({ language: w.language, subject: w.subject, html: w.html, text: w.text })),
    createdAt: pkg.createdAt.toISOString(),
    updatedAt: pkg.updatedAt.toISOString(),
  };
}
