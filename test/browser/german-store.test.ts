// The storefront and the cart in German, in real Chromium: a visitor whose browser asks for German
// prices a VPS with its options, an add-on and a coupon code (the summary following through
// htmx), puts it in the cart and sees the cart in German, on a wide screen and a phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveVariantGroup } from '../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../src/modules/catalog/save-variant-option.ts';
import { createAddonGroup } from '../../src/modules/catalog/create-addon-group.ts';
import { setOfferedAddonGroups } from '../../src/modules/catalog/set-offered-addon-groups.ts';
import { saveCoupon } from '../../src/modules/coupons/save-coupon.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';

let t: TestApp;
let b: OpenBrowser;

beforeAll(async () => {
  t = await makeTestApp();
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  const servers = await createCatalog(t.em(), { name: 'Virtuelle Server', description: 'In wenigen Minuten bereit.' });
  const extras = await createCatalog(t.em(), { name: 'Extras', hidden: '1' });
  const monthly = (price: string, setupFee = '0') => ({
    name: 'Monatlich',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price,
    setupFee,
  });
  const vps = await createPackage(t.em(), {
    catalogId: servers.id,
    name: 'VPS Groß',
    description: '<p>4 vCPU, 8 GB RAM, 160 GB NVMe.</p>',
    allowQuantity: '1',
    stock: 3,
  });
  await savePrice(t.em(), vps.id, undefined, monthly('12.00', '5.00'));
  await savePrice(t.em(), vps.id, undefined, {
    name: 'Vierteljährlich',
    type: 'recurring',
    intervalCount: 3,
    period: 'month',
    currency: 'USD',
    price: '33.00',
  });
  const os = await saveVariantGroup(t.em(), vps.id, undefined, { name: 'Betriebssystem' });
  for (const [name, price] of [
    ['Ubuntu 24.04', '0'],
    ['Windows Server 2025 Datacenter', '15.00'],
  ] as const) {
    await saveVariantOption(t.em(), vps.id, os.id, undefined, { name, prices: [{ priceName: 'Monatlich', currency: 'USD', price }] });
  }
  const ips = await saveVariantGroup(t.em(), vps.id, undefined, {
    name: 'Zusätzliche IPv4-Adressen',
    type: 'quantity',
    minQuantity: 0,
    maxQuantity: 16,
  });
  await saveVariantOption(t.em(), vps.id, ips.id, undefined, {
    name: 'IPv4-Adresse',
    prices: [{ priceName: 'Monatlich', currency: 'USD', price: '2.00', setupFee: '1.00' }],
  });
  const backup = await createPackage(t.em(), { catalogId: extras.id, name: 'Tägliche Datensicherung', allowQuantity: '1' });
  await savePrice(t.em(), backup.id, undefined, monthly('5.00'));
  const group = await createAddonGroup(t.em(), { name: 'Datensicherung', packageIds: [backup.id] });
  await setOfferedAddonGroups(t.em(), vps.id, { groupIds: [group.id] });
  await saveCoupon(t.em(), undefined, { code: 'WILLKOMMEN10', kind: 'percent', percent: '10', duration: 'cycles', cycles: 2 });
  b = await openBrowser(t);
  await b.page.setExtraHTTPHeaders({ 'Accept-Language': 'de-DE,de;q=0.9' });
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('the store in German, in Chromium', () => {
  it('1. the listing', async () => {
    const { page, base } = b;
    await page.goto(`${base}/store`);
    await page.getByRole('heading', { name: 'Shop', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.getByText('ab 11,00 USD/Monat').or(page.getByText('ab 33,00 USD/3 Monate')).waitFor();
    await page.getByText('noch 3').waitFor();
    await b.shot('german-01-store');
  });

  it('2. the package page follows the choices, an add-on and a coupon code without a reload', async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'VPS Groß' }).click();
    await page.getByRole('button', { name: 'Jetzt bestellen' }).waitFor();
    expect(await page.locator('#summary-total').textContent()).toBe('17,00 USD');
    await b.mark();
    await b.settled(() => page.getByLabel('Windows Server 2025 Datacenter').check());
    await page.locator('#summary-total', { hasText: '32,00 USD' }).waitFor();
    await b.settled(() => page.getByRole('checkbox', { name: 'Tägliche Datensicherung' }).check());
    await page.locator('#summary-total', { hasText: '37,00 USD' }).waitFor();
    await page.getByLabel('Tägliche Datensicherung: Anzahl pro VPS Groß').waitFor();
    await page.getByLabel('Gutscheincode').fill('willkommen10');
    await b.settled(() => page.getByRole('button', { name: 'Anwenden' }).click());
    await page.getByText('WILLKOMMEN10 angewendet: 3,70 USD Rabatt auf den Nettobetrag.').waitFor();
    await page
      .getByText('Der Rabatt von WILLKOMMEN10 gilt auch für die nächste Verlängerung.')
      .or(page.getByText(/gilt auch für die nächsten \d Verlängerungen/))
      .waitFor();
    expect(await b.marked()).toBe(true);
    await page.getByText('Preisübersicht').waitFor();
    // The first invoice's lines are worded in German too (what checkout will write on the invoice).
    const summary = (await page.locator('#summary').textContent()) ?? '';
    for (const words of ['VPS Groß (Monatlich), Einrichtungsgebühr', 'Gutschein WILLKOMMEN10 (10 % Rabatt)', ' bis '])
      expect(summary).toContain(words);
    for (const english of ['setup fee', 'Coupon ', ' off', ' to ']) expect(summary).not.toContain(english);
    await b.shot('german-02-package');
    await page.setViewportSize({ width: 390, height: 844 });
    await b.shot('german-02-package-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('3. the cart', async () => {
    const { page, base } = b;
    await page.getByRole('button', { name: 'In den Warenkorb' }).click();
    await page.waitForURL(`${base}/cart`);
    await page.getByRole('heading', { name: 'Warenkorb', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Bestellung abschließen' }).waitFor();
    await page.getByText('Alle Preise zzgl. MwSt.', { exact: false }).waitFor();
    await b.shot('german-03-cart');
    await page.setViewportSize({ width: 390, height: 844 });
    await b.shot('german-03-cart-phone');
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(b.problems).toEqual([]);
  });
});
