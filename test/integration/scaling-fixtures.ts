// A store for the package-change tests: Basic (10 USD a month) can move to a set of targets that
// each exercise one rule. Shared by the integration, HTTP and API tests of scaling.
import type { EntityManager } from '@mikro-orm/postgresql';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveVariantGroup } from '../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../src/modules/catalog/save-variant-option.ts';
import { setScalingTargets } from '../../src/modules/catalog/set-scaling-targets.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';

type Em = () => EntityManager;
type Sql = <T = Record<string, unknown>>(q: string, p?: unknown[]) => Promise<T[]>;

const monthly = (price: string, extra: Record<string, unknown> = {}) => ({
  name: 'Monthly',
  type: 'recurring',
  intervalCount: 1,
  period: 'month',
  currency: 'USD',
  price,
  ...extra,
});

export interface ScalingStore {
  basic: number;
  pro: number;
  plus: number;
  mini: number;
  free: number;
  scarce: number;
  retired: number;
  os: { groupId: number; linux: number; windows: number };
  /** Not a target of Basic. */
  stranger: number;
}

/**
 * USD (default) and EUR at 0.92; 19% tax in DE. Basic → Pro (Monthly 20 with a renewal price of
 * 18, Annual 200, an OS group), Plus (Monthly 30, renewal 25, "use renewal prices for upgrades"),
 * Mini (Monthly 4), Free, Scarce (stock 1, Monthly 15) and Retired (inactive).
 */
export async function scalingStore(em: Em): Promise<ScalingStore> {
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveCurrency(em(), { code: 'EUR', name: 'Euro', rate: '0.92' });
  await saveTaxRate(em(), { country: 'DE', name: 'MwSt', rate: '19' });
  const { id: catalogId } = await createCatalog(em(), { name: 'Web hosting' });
  const pkg = async (name: string, prices: Record<string, unknown>[], extra: Record<string, unknown> = {}) => {
    const { id } = await createPackage(em(), { catalogId, name, ...extra });
    for (const p of prices) await savePrice(em(), id, undefined, p);
    return id;
  };
  const basic = await pkg('Web Basic', [monthly('10.00')]);
  const pro = await pkg('Web Pro', [
    monthly('20.00', { renewalPrice: '18.00' }),
    { name: 'Annual', type: 'recurring', intervalCount: 1, period: 'year', currency: 'USD', price: '200.00' },
  ]);
  const group = await saveVariantGroup(em(), pro, undefined, { name: 'OS' });
  const linux = await saveVariantOption(em(), pro, group.id, undefined, {
    name: 'Linux',
    prices: [
      { priceName: 'Monthly', currency: 'USD', price: '0' },
      { priceName: 'Annual', currency: 'USD', price: '0' },
    ],
  });
  const windows = await saveVariantOption(em(), pro, group.id, undefined, {
    name: 'Windows',
    prices: [{ priceName: 'Monthly', currency: 'USD', price: '6.20' }],
  });
  const plus = await pkg('Web Plus', [monthly('30.00', { renewalPrice: '25.00' })], { useRenewalPricesForUpgrades: '1' });
  const mini = await pkg('Web Mini', [monthly('4.00'), { name: 'Lifetime', type: 'onetime', currency: 'USD', price: '99.00' }]);
  const free = await pkg('Web Free', [{ name: 'Free', type: 'free', currency: 'USD', price: '0' }]);
  const scarce = await pkg('Web Scarce', [monthly('15.00')], { stock: 1 });
  const retired = await pkg('Web Retired', [monthly('12.00')], { status: 'inactive' });
  const stranger = await pkg('Mail Box', [monthly('3.00')]);
  await setScalingTargets(em(), basic, { targetIds: [pro, plus, mini, free, scarce, retired] });
  await setScalingTargets(em(), pro, { targetIds: [basic] });
  await setScalingTargets(em(), free, { targetIds: [basic] });
  return { basic, pro, plus, mini, free, scarce, retired, stranger, os: { groupId: group.id, linux: linux.id, windows: windows.id } };
}

let clients = 0;

/** A client (DE, USD unless told) with one active service of the package, ordered and paid on `day`. */
export async function activeService(
  em: Em,
  sql: Sql,
  packageId: number,
  day: string,
  opts: {
    priceName?: string;
    country?: string | null;
    currency?: string;
    orderCurrency?: string;
    clientId?: number;
    optionIds?: number[];
  } = {},
) {
  const email = `scaling-${process.pid}-${++clients}@example.com`;
  const clientId =
    opts.clientId ??
    (
      await sql<{ id: number }>(`insert into client (email, name, country, currency) values (?, ?, ?, ?) returning id`, [
        email,
        `Client ${clients}`,
        opts.country === undefined ? 'DE' : opts.country,
        opts.currency ?? 'USD',
      ])
    )[0]!.id;
  const at = new Date(`${day}T09:00:00Z`);
  const { order, invoice } = await placeOrder(
    em(),
    { clientId, packageId, priceName: opts.priceName ?? 'Monthly', currency: opts.orderCurrency, optionIds: opts.optionIds },
    at,
  );
  await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `order-${invoice.id}` }, at);
  const [s] = await sql<{ id: number }>('select s.id from service s join order_line l on l.id = s.order_line_id where l.order_id = ?', [
    order.id,
  ]);
  await sql(`update service set status = 'active' where id = ?`, [s!.id]);
  return { clientId, serviceId: s!.id };
}

export const at = (day: string) => new Date(`${day}T12:00:00Z`);
