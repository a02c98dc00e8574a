// A package page's live summary and a field out of its bounds, in real Chromium: htmx sends
// nothing for an invalid form, so the page says so at the field and dims the summary (not the
// price of what is chosen) until the choice is valid again and priced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';

let t: TestApp;
let b: OpenBrowser;

beforeAll(async () => {
  t = await makeTestApp();
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  const servers = await createCatalog(t.em(), { name: 'Servers' });
  const vps = await createPackage(t.em(), { catalogId: servers.id, name: 'Bounded VPS', allowQuantity: '1' });
  await savePrice(t.em(), vps.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '12.00',
  });
  b = await openBrowser(t);
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('a quantity out of bounds on a package page, in Chromium', () => {
  it('marks the field and dims the summary instead of showing the old price as the new one, then prices the mended choice', async () => {
    const { page, base } = b;
    await page.goto(`${base}/store/bounded-vps`);
    const quantity = page.getByLabel('Quantity', { exact: true });
    const summary = page.locator('#summary');
    await b.settled(async () => {
      await quantity.fill('3');
      await quantity.press('Tab');
    });
    await page.locator('#summary-total', { hasText: '36.00 USD' }).waitFor();
    let quotes = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/quote')) quotes++;
    });
    await quantity.fill('0');
    await quantity.press('Tab');
    await page.locator('#summary.stale').waitFor();
    expect(quotes).toBe(0);
    expect(await quantity.getAttribute('aria-invalid')).toBe('true');
    expect(await quantity.evaluate((el) => (el as HTMLInputElement).validationMessage)).not.toBe('');
    expect(await summary.getAttribute('aria-disabled')).toBe('true');
    await b.shot('store-bounds-01-stale');
    await b.settled(async () => {
      await quantity.fill('2');
      await quantity.press('Tab');
    });
    await page.locator('#summary-total', { hasText: '24.00 USD' }).waitFor();
    expect(quotes).toBe(1);
    expect(await page.locator('#summary').getAttribute('class')).not.toContain('stale');
    expect(await quantity.getAttribute('aria-invalid')).toBeNull();
    expect(b.problems).toEqual([]);
  });
});
