import { serve } from '@hono/node-server';
import { chromium } from 'playwright-core';
import { makeTestApp } from '../helpers/app.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { it } from 'vitest';
it('debug', async () => {

const t = await makeTestApp();
await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
await createStaff(t.em(), { email: 'a@example.com', password: 'correct horse battery', name: 'A', role: 'owner' });
const cat = await createCatalog(t.em(), { name: 'C' });
const pkg = await createPackage(t.em(), { catalogId: cat.id, name: 'P' });
const server: any = await new Promise((r) => { const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => r(s)); });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
for (const js of [true, false]) {
  const ctx = await browser.newContext({ javaScriptEnabled: js });
  const page = await ctx.newPage();
  page.on('console', (m) => console.log(js, 'console', m.type(), m.text().slice(0, 120)));
  await page.goto(`${base}/admin/sign-in`);
  console.log(js, 'sign-in styles', await page.locator('[style]').count());
  await page.getByLabel('Email').fill('a@example.com');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/admin/packages`);
  await page.goto(`${base}/admin/packages/${pkg.id}/pricing`);
  await page.waitForTimeout(500);
  console.log(js, 'pricing styles', await page.locator('[style]').count(), await page.evaluate(() => [...document.querySelectorAll('[style]')].slice(0,3).map(e => e.outerHTML.slice(0, 120))));
  if (js) {
    const row = page.locator('#price-new');
    await row.getByLabel('Name', { exact: true }).fill('Monthly');
    console.log('after fill styles', await page.locator('[style]').count());
    await row.getByLabel('Price', { exact: true }).fill('1');
    await row.getByRole('button', { name: 'Add price' }).click();
    await page.getByText('Price added.').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: 'test-artifacts/dbg.png', fullPage: true, caret: 'initial' });
    console.log('after shot styles', await page.locator('[style]').count());
    await page.screenshot({ path: 'test-artifacts/dbg.png', fullPage: true, caret: 'initial' });
    console.log('after add styles', await page.locator('[style]').count(), await page.evaluate(() => [...document.querySelectorAll('[style]')].slice(0,2).map(e => e.outerHTML.slice(0, 160))));
    await page.locator('nav.tabs').getByRole('link', { name: 'Variants' }).click();
    await page.waitForTimeout(800);
    console.log('after tab', page.url(), (await page.content()).slice(900, 1400));
  }
  await ctx.close();
}
await browser.close(); server.close(); await t.close();

}, 120000);
