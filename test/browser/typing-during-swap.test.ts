// A live price swap never loses what a person is typing, in real Chromium. The answers that redraw
// the form are slowed down so the person's typing lands while one is in flight: on a package page
// (its quantity, an add-on's quantity) and in the cart (another line's quantity). What is ordered
// is what they typed.
import type { Request, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { createAddonGroup } from '../../src/modules/catalog/create-addon-group.ts';
import { setOfferedAddonGroups } from '../../src/modules/catalog/set-offered-addon-groups.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
import { addOsGroup } from '../http/store/helpers.ts';

const EMAIL = `typing-${process.pid}@example.com`;

let t: TestApp;
let b: OpenBrowser;
const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(sql, params);
const monthly = (price: string) => ({ name: 'Monthly', type: 'recurring', intervalCount: 1, period: 'month', currency: 'USD', price });
const slowly = async (route: Route) => {
  await new Promise((resolve) => setTimeout(resolve, 800));
  await route.continue();
};

/** The lines (package name, quantity) of the client's latest order. */
async function latestOrderLines() {
  return db<{ name: string; quantity: number }>(
    `select p.name, l.quantity from order_line l join package p on p.id = l.package_id where l.order_id = (select max(o.id) from client_order o join client c on c.id = o.client_id where c.email = ?) order by l.id`,
    [EMAIL],
  );
}

beforeAll(async () => {
  t = await makeTestApp();
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveCurrency(t.em(), { code: 'EUR', name: 'Euro', rate: '0.92' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  const servers = await createCatalog(t.em(), { name: 'Servers' });
  const extras = await createCatalog(t.em(), { name: 'Extras', hidden: '1' });
  const vps = await createPackage(t.em(), { catalogId: servers.id, name: 'Typing VPS', allowQuantity: '1' });
  await savePrice(t.em(), vps.id, undefined, monthly('12.00'));
  await addOsGroup(t, vps.id);
  const web = await createPackage(t.em(), { catalogId: servers.id, name: 'Typing Web', allowQuantity: '1' });
  await savePrice(t.em(), web.id, undefined, monthly('10.00'));
  const backup = await createPackage(t.em(), { catalogId: extras.id, name: 'Typing Backup', allowQuantity: '1' });
  await savePrice(t.em(), backup.id, undefined, monthly('5.00'));
  const group = await createAddonGroup(t.em(), { name: 'Backups', packageIds: [backup.id] });
  await setOfferedAddonGroups(t.em(), vps.id, { groupIds: [group.id] });
  b = await openBrowser(t);
  await b.signUpClient('Tess Typist', EMAIL);
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('typing while the price is redrawn, in Chromium', () => {
  it('keeps the quantity typed while an option change is priced, and orders that quantity', async () => {
    const { page, base } = b;
    await page.goto(`${base}/store/typing-vps`);
    await page.route('**/quote', slowly);
    await b.settled(async () => {
      await page.getByLabel('Windows').check();
      await page.getByLabel('Quantity', { exact: true }).fill('3');
    });
    expect(await page.getByLabel('Quantity', { exact: true }).inputValue()).toBe('3');
    expect(await page.getByLabel('Windows').isChecked()).toBe(true);
    // The summary catches up with what was typed: 3 × (12.00 + 15.00).
    await page.locator('#summary-total', { hasText: '81.00 USD' }).waitFor();
    await b.shot('typing-01-quantity-kept');
    await page.unroute('**/quote', slowly);
    await page.getByRole('button', { name: 'Order now' }).click();
    await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+$`));
    expect(await page.locator('#invoice-total').textContent()).toBe('81.00 USD');
    expect(await latestOrderLines()).toEqual([{ name: 'Typing VPS', quantity: 3 }]);
  });

  it('an order clicked while its typed quantity is being priced waits for that price, and orders the quantity at it', async () => {
    const { page, base } = b;
    await page.goto(`${base}/store/typing-vps`);
    await page.route('**/quote', slowly);
    // Typed, then "Order now" at once: leaving the field prices it (slowly), and the order waits.
    await page.getByLabel('Quantity', { exact: true }).fill('4');
    await page.getByRole('button', { name: 'Order now' }).click();
    await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+$`));
    await page.unroute('**/quote', slowly);
    expect(await page.locator('#invoice-total').textContent()).toBe('48.00 USD');
    expect(await latestOrderLines()).toEqual([{ name: 'Typing VPS', quantity: 4 }]);
  });

  it("keeps an add-on's quantity typed while the package's option is priced", async () => {
    const { page, base } = b;
    await page.goto(`${base}/store/typing-vps`);
    // The checkbox by its role: once ticked, a quantity field labelled "Typing Backup: quantity per …" appears beside it.
    await page.getByRole('checkbox', { name: /^Typing Backup/ }).check();
    await page.locator('#summary-total', { hasText: '17.00 USD' }).waitFor();
    await page.route('**/quote', slowly);
    await b.settled(async () => {
      await page.getByLabel('Windows').check();
      await page.getByLabel('Typing Backup: quantity per Typing VPS').fill('2');
    });
    expect(await page.getByLabel('Typing Backup: quantity per Typing VPS').inputValue()).toBe('2');
    // 12.00 + 15.00 + 2 × 5.00
    await page.locator('#summary-total', { hasText: '37.00 USD' }).waitFor();
    await page.unroute('**/quote', slowly);
    await page.getByRole('button', { name: 'Order now' }).click();
    await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+$`));
    expect(await latestOrderLines()).toEqual([
      { name: 'Typing VPS', quantity: 1 },
      { name: 'Typing Backup', quantity: 2 },
    ]);
  });

  it("keeps another cart line's quantity typed while one line's update is answered", async () => {
    const { page, base } = b;
    for (const slug of ['typing-vps', 'typing-web']) {
      await page.goto(`${base}/store/${slug}`);
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.waitForURL(`${base}/cart`);
    }
    expect(await page.locator('#cart-total').textContent()).toBe('22.00 USD');
    await page.route('**/cart/lines/**', slowly);
    await b.settled(async () => {
      await page.getByLabel('Quantity of Typing VPS').fill('2');
      await page.getByLabel('Quantity of Typing VPS').press('Enter');
      await page.getByLabel('Quantity of Typing Web').fill('4');
    });
    await page.locator('#cart-total', { hasText: '34.00 USD' }).waitFor();
    expect(await page.getByLabel('Quantity of Typing Web').inputValue()).toBe('4');
    await b.shot('typing-02-cart-line-kept');
    await page.unroute('**/cart/lines/**', slowly);
    await page.getByLabel('Quantity of Typing Web').press('Enter');
    await page.locator('#cart-total', { hasText: '64.00 USD' }).waitFor();
    await page.getByRole('button', { name: 'Check out' }).click();
    await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+$`));
    expect(await latestOrderLines()).toEqual([
      { name: 'Typing VPS', quantity: 2 },
      { name: 'Typing Web', quantity: 4 },
    ]);
    expect(b.problems).toEqual([]);
  });

  it('"Add to cart" clicked while a change is still being priced adds the line once, as chosen', async () => {
    const { page, base } = b;
    await page.goto(`${base}/store/typing-vps`);
    await page.route('**/quote', slowly);
    const posts: string[] = [];
    const seen = (r: Request) => {
      if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
    };
    page.on('request', seen);
    // An option ticked (priced slowly), a quantity typed, and the button at once: leaving the field
    // asks for a second price while the first is out; the click goes when the prices are in.
    await page.getByLabel('Windows').check();
    await page.getByLabel('Quantity', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(`${base}/cart`);
    await page.locator('#cart-total').waitFor();
    page.off('request', seen);
    await page.unroute('**/quote', slowly);
    // One add, by the click; the prices asked for on the way went to the price, not to the cart.
    expect(posts.filter((p) => p.endsWith('/cart'))).toEqual(['/store/typing-vps/cart']);
    expect(await page.locator('#cart-total').textContent()).toBe('54.00 USD');
    expect(b.problems).toEqual([]);
  });
});
