// A coupon code at checkout in real Chromium: the client types a code on the package page and the
// price summary gains its discount line through htmx (no reload); a bad code says why next to the
// box; the order is placed with the discount on its invoice. Without JavaScript the Apply button
// posts the form and the page comes back with the discount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCoupon } from '../../src/modules/coupons/save-coupon.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';

const EMAIL = `coupon-${process.pid}@example.com`;

let t: TestApp;
let b: OpenBrowser;
let slug = '';
const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(sql, params);

beforeAll(async () => {
  t = await makeTestApp();
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  const catalog = await createCatalog(t.em(), { name: 'Cloud servers' });
  const vps = await createPackage(t.em(), {
    catalogId: catalog.id,
    name: 'VPS Small',
    description: '<p>2 vCPU, 4 GB RAM, 80 GB NVMe.</p>',
  });
  await savePrice(t.em(), vps.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '24.00',
    setupFee: '6.00',
  });
  slug = (await db<{ slug: string }>('select slug from package where id = ?', [vps.id]))[0]!.slug;
  await saveCoupon(t.em(), undefined, { code: 'WELCOME10', kind: 'percent', percent: '10', duration: 'once' });
  b = await openBrowser(t);
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('a coupon code at checkout, in Chromium', () => {
  it('shows the discount line without a reload, says why a bad code fails, and orders with it', async () => {
    const { page, base } = b;
    await b.signUpClient('Ada Coupon', EMAIL);
    await page.goto(`${base}/store/${slug}`);
    await expect(page.locator('#summary-total').textContent()).resolves.toBe('30.00 USD');
    await b.mark();

    // A code that does not exist: the sentence next to the box, the price as it was.
    b.expectedStatuses.add(422);
    await page.getByLabel('Coupon code').fill('nosuchcode');
    await b.settled(() => page.getByRole('button', { name: 'Apply' }).click());
    await expect(page.locator('#coupon-error').textContent()).resolves.toBe('That code is not valid.');
    await expect(page.locator('#summary-total').textContent()).resolves.toBe('30.00 USD');

    // A good one, in lower case, applied with Enter.
    await page.getByLabel('Coupon code').fill('welcome10');
    await b.settled(() => page.getByLabel('Coupon code').press('Enter'));
    expect(await b.marked()).toBe(true);
    expect(page.url()).toBe(`${base}/store/${slug}`);
    await expect(page.locator('tr.line-discount td').first().textContent()).resolves.toBe('Coupon WELCOME10 (10% off): VPS Small');
    await expect(page.locator('#summary-total').textContent()).resolves.toBe('27.00 USD');
    await expect(page.locator('#coupon-applied').textContent()).resolves.toBe('WELCOME10 applied: 3.00 USD off before tax.');
    await expect(page.locator('#coupon-error').count()).resolves.toBe(0);
    await page.screenshot({ path: '/tmp/coupon-checkout.png', fullPage: true, caret: 'initial' });
    await b.shot('coupon-checkout');

    await page.getByRole('button', { name: 'Order now' }).click();
    await page.waitForURL(/\/account\/invoices\/\d+$/);
    const invoiceId = Number(/(\d+)$/.exec(page.url())![1]);
    const lines = await db<{ kind: string; amount: string }>(
      'select kind, amount::text from invoice_line where invoice_id = ? order by id',
      [invoiceId],
    );
    expect(lines).toEqual([
      { kind: 'price', amount: '24.0000' },
      { kind: 'setup', amount: '6.0000' },
      { kind: 'discount', amount: '-3.0000' },
    ]);
    expect(await page.locator('body').textContent()).toContain('Coupon WELCOME10 (10% off): VPS Small');
    expect(b.problems).toEqual([]);
  });

  it('without JavaScript, Apply posts the form and the page comes back with the discount', async () => {
    const plain = await openBrowser(t, { javaScript: false });
    try {
      await plain.page.goto(`${plain.base}/store/${slug}`);
      await plain.page.getByLabel('Coupon code').fill('WELCOME10');
      await plain.page.getByRole('button', { name: 'Apply' }).click();
      await plain.page.waitForURL(`${plain.base}/store/${slug}/quote`);
      await expect(plain.page.locator('#summary-total').textContent()).resolves.toBe('27.00 USD');
      await expect(plain.page.locator('tr.line-discount').count()).resolves.toBe(1);
    } finally {
      await plain.close();
    }
  });
});
