// Staff add a package to a client in real Chromium: from the client's page, a VPS at a custom
// price, recorded as an account that already exists (its panel details typed in), the price
// summary following the choices through htmx; the client signs in and sees it active at that
// price, and the renewal run invoices exactly that price on the date staff chose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { signUpClient } from '../../src/modules/clients/sign-up-client.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
import { addDays, calendarDateOf } from '../../src/modules/shared/dates.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

const STAFF = { email: `staff-add-${process.pid}@example.com`, password: 'correct horse battery' };
const CLIENT = { email: `legacy-${process.pid}@example.com`, password: 'a long enough secret' };

let t: TestApp;
let b: OpenBrowser;
let clientId: number;
let serviceId: number;
const due = addDays(calendarDateOf(new Date()), 12);
const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(sql, params);

beforeAll(async () => {
  t = await makeTestApp();
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  const servers = await createCatalog(t.em(), { name: 'Servers' });
  const vps = (await createPackage(t.em(), { catalogId: servers.id, name: 'VPS Small' })).id;
  await savePrice(t.em(), vps, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '20.00',
    setupFee: '5.00',
  });
  await createPackage(t.em(), { catalogId: servers.id, name: 'Retired Plan', status: 'inactive' });
  const panel = await savePluginInstance(
    t.em(),
    undefined,
    { plugin: 'webhook', name: 'Panel', settings: { url: 'http://127.0.0.1:9/never-called', signingSecret: 'not-used-here' } },
    t.config.APP_SECRET,
  );
  await setPackageProvisioning(t.em(), vps, { pluginInstanceId: panel.id, options: { plan: 'vps-small' } });
  await createStaff(t.em(), { ...STAFF, name: 'Sam Staff', role: 'owner' });
  const { client } = await signUpClient(
    t.em(),
    { name: 'Lena Legacy', email: CLIENT.email, password: CLIENT.password, country: 'US', currency: 'USD' },
    new Date(),
  );
  clientId = client.id;
  b = await openBrowser(t);
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('staff add a service for a client, in Chromium', () => {
  it('1. staff record an existing VPS at a custom price from the client page', async () => {
    const { page, base } = b;
    await b.signIn(STAFF.email, STAFF.password);
    await page.goto(`${base}/admin/clients/${clientId}`);
    await page.getByRole('link', { name: 'Add a service' }).click();
    await page.waitForURL(`${base}/admin/clients/${clientId}/services/new`);
    expect(await page.getByLabel('Package').locator('option', { hasText: 'Retired Plan (inactive)' }).count()).toBe(1);
    await b.settled(() => page.getByLabel('Package').selectOption({ label: 'Servers › VPS Small' }));
    await page.getByRole('heading', { name: 'VPS Small' }).waitFor();
    expect(await page.locator('#summary-total').textContent()).toContain('25.00');

    // Each change re-prices the summary in place, without a reload.
    await b.mark();
    await page.getByLabel('Custom price (USD, per unit)').fill('12.34');
    await b.settled(() => page.getByLabel('Custom price (USD, per unit)').press('Tab'));
    expect(await page.locator('#summary-total').textContent()).toContain('17.34');
    await b.settled(() => page.getByLabel(/Record an existing account/).check());
    await page.getByLabel('First renewal on').fill(due);
    await b.settled(() => page.getByLabel('First renewal on').press('Tab'));
    expect(await page.locator('#summary').textContent()).toContain(`up to ${due} are not billed, and it renews then for 12.34 USD`);
    expect(await b.marked()).toBe(true);
    await page.getByLabel('Username returned by your endpoint').fill('lena-vps');
    await page.getByLabel('Server returned by your endpoint').fill('eu1.example.net');
    await b.shot('staff-add-01-form');

    await page.getByRole('button', { name: 'Add the service' }).click();
    await page.waitForURL(new RegExp(`^${base}/admin/services/\\d+$`));
    serviceId = Number(/services\/(\d+)$/.exec(page.url())![1]);
    const [s] = await db<{ status: string; next_due_date: string; plugin_data: Record<string, string> }>(
      'select status, next_due_date::text, plugin_data from service where id = ?',
      [serviceId],
    );
    expect(s).toEqual({
      status: 'active',
      next_due_date: due,
      plugin_data: { 'webhook.username': 'lena-vps', 'webhook.server': 'eu1.example.net' },
    });
    expect(await page.getByText('existing account').first().isVisible()).toBe(true);
    expect(await page.getByText('custom price', { exact: true }).isVisible()).toBe(true);
    const calls = await db<{ n: number }>(`select count(*)::int as n from outbox where dedupe_key = ?`, [`provision:service:${serviceId}`]);
    expect(calls[0]!.n).toBe(0);
    await b.shot('staff-add-02-service');
  });

  it('2. the client sees it active at that price, and the renewal invoices exactly that on the chosen date', async () => {
    const { page, base } = b;
    await page.context().clearCookies();
    await page.goto(`${base}/account/sign-in`);
    await page.getByLabel('Email').fill(CLIENT.email);
    await page.getByLabel('Password').fill(CLIENT.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${base}/account/services/${serviceId}`);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('VPS Small active');
    expect(text).toContain('12.34 USD before tax');
    expect(text).toContain(due);

    await runBillingNow(t.em(), addDays(due, -3), new Date());
    const [line] = await db<{ invoice_id: number; amount: string; period_start: string }>(
      `select invoice_id, amount, period_start::text from invoice_line where service_id = ? and kind = 'renewal'`,
      [serviceId],
    );
    expect(line).toMatchObject({ amount: '12.3400', period_start: due });
    await page.goto(`${base}/account/invoices/${line!.invoice_id}`);
    expect(await page.locator('main').textContent()).toContain('12.34');
    await b.shot('staff-add-03-client-invoice');
    expect(b.problems).toEqual([]);
  });

  it('3. a refused status change says why in a short notice, not the page read out, and the page stays as it was', async () => {
    const { page, base } = b;
    await page.context().clearCookies();
    await b.signIn(STAFF.email, STAFF.password);
    await page.goto(`${base}/admin/services/${serviceId}`);
    page.on('dialog', (d) => void d.accept());
    const toast = page.locator('#toast');
    // Another action on this service is in progress (its turn held).
    await db(`insert into service_turn (service_id, until) values (?, now() + interval '1 minute')`, [serviceId]);
    await page.getByRole('button', { name: 'Suspend' }).click();
    await expect.poll(() => toast.textContent()).toBe('Another change to this service is in progress; try again in a moment.');
    await b.shot('staff-add-04-turn-held');
    await db('delete from service_turn where service_id = ?', [serviceId]);
    // The panel cannot be reached: the plugin's refusal, and the service still active.
    await page.getByRole('button', { name: 'Suspend' }).click();
    await expect.poll(() => toast.textContent()).toMatch(/^Webhook could not suspend the service: /);
    expect(page.url()).toBe(`${base}/admin/services/${serviceId}`);
    expect((await db<{ status: string }>('select status from service where id = ?', [serviceId]))[0]!.status).toBe('active');
    expect(b.problems.filter((p) => !/409/.test(p))).toEqual([]);
  });
});
