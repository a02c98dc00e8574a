// Shared set-up for the storefront and payment tests: a store with packages in every status,
// and shoppers signed in through the real sign-up form.
import type { TestApp } from '../../helpers/app.ts';
import { savePrice } from '../../../src/modules/catalog/save-price.ts';
import { saveVariantGroup } from '../../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../../src/modules/catalog/save-variant-option.ts';
import { makePackage } from '../fixtures.ts';
import { Browser, clientIdOf, signUpValues } from '../client/helpers.ts';

export const monthly = (currency: string, price: string, extra: Record<string, unknown> = {}) => ({
  name: 'Monthly',
  type: 'recurring',
  intervalCount: 1,
  period: 'month',
  currency,
  price,
  ...extra,
});

/** A package with a Monthly price (and more), optionally an "OS" variant group; returns ids. */
export async function storePackage(
  t: TestApp,
  catalogId: number,
  name: string,
  fields: Record<string, unknown> = {},
  prices: Record<string, unknown>[] = [monthly('USD', '12.00')],
) {
  const id = await makePackage(t, catalogId, name, fields);
  for (const p of prices) await savePrice(t.em(), id, undefined, p);
  const slug = (await t.orm.em.getConnection().execute<{ slug: string }[]>('select slug from package where id = ?', [id]))[0]!.slug;
  return { id, slug };
}

/** An "OS" group: Ubuntu (free) and Windows (+15 USD, +14 EUR), priced for Monthly only. */
export async function addOsGroup(t: TestApp, packageId: number) {
  const group = await saveVariantGroup(t.em(), packageId, undefined, { name: 'OS' });
  const ubuntu = await saveVariantOption(t.em(), packageId, group.id, undefined, {
    name: 'Ubuntu',
    prices: [
      { priceName: 'Monthly', currency: 'USD', price: '0' },
      { priceName: 'Monthly', currency: 'EUR', price: '0' },
    ],
  });
  const windows = await saveVariantOption(t.em(), packageId, group.id, undefined, {
    name: 'Windows',
    prices: [
      { priceName: 'Monthly', currency: 'USD', price: '15.00' },
      { priceName: 'Monthly', currency: 'EUR', price: '14.00' },
    ],
  });
  return { groupId: group.id, ubuntu: ubuntu.id, windows: windows.id };
}

/** A signed-up, signed-in shopper; `app` lets a test use an app with a fixed clock. */
export async function shopper(t: TestApp, values: Record<string, string> = {}, app?: Browser['app']) {
  const b = new Browser(t, app);
  const v = { ...signUpValues(), ...values };
  await b.signUp(v);
  return { b, id: await clientIdOf(t, v.email), email: v.email };
}

export const invoiceIdFrom = (res: Response) => Number(/\/account\/invoices\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);

/** A browser that keeps the cart cookie (hb_cart) next to its session cookie. */
export function withCart(b: Browser) {
  let cart = '';
  const request = b.request.bind(b);
  b.request = async (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (cart) headers.set('cookie', [headers.get('cookie'), `hb_cart=${cart}`].filter(Boolean).join('; '));
    const res = await request(path, { ...init, headers });
    const set = res.headers
      .getSetCookie()
      .map((s) => /^hb_cart=([^;]+)/.exec(s)?.[1])
      .find(Boolean);
    if (set) cart = set;
    return res;
  };
  return b;
}
