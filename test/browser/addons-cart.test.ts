// Add-ons and the cart in real Chromium: staff build an add-on group "Backups" and offer it on a
// VPS; a client puts a VPS with a backup and a hosting plan in the cart (the summary following
// through htmx), pays once and gets three services; the renewal run bills the VPS and its backup
// on one invoice; the client adds a second add-on mid-term and sees the charge to the VPS's due
// date; staff suspend the VPS and its add-ons are suspended with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { addDays, calendarDateOf, daysBetween } from '../../src/modules/shared/dates.ts';
import { addTerms } from '../../src/modules/pricing/rules/billing-cycle.ts';

const EMAIL = `addons-${process.pid}@example.com`;
const STAFF = { email: `staff-addons-${process.pid}@example.com`, password: 'correct horse battery' };

let t: TestApp;
let b: OpenBrowser;
const ids: Record<string, number> = {};
const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(sql, params);

beforeAll(async () => {
  t = await makeTestApp();
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  const servers = await createCatalog(t.em(), { name: 'Servers' });
  const extras = await createCatalog(t.em(), { name: 'Extras', hidden: '1' });
  const monthly = (price: string) => ({ name: 'Monthly', type: 'recurring', intervalCount: 1, period: 'month', currency: 'USD', price });
  ids.vps = (await createPackage(t.em(), { catalogId: servers.id, name: 'VPS Small' })).id;
  await savePrice(t.em(), ids.vps, undefined, monthly('20.00'));
  ids.web = (await createPackage(t.em(), { catalogId: servers.id, name: 'Web Hosting' })).id;
  await savePrice(t.em(), ids.web, undefined, monthly('10.00'));
  ids.backup = (await createPackage(t.em(), { catalogId: extras.id, name: 'Daily Backup' })).id;
  await savePrice(t.em(), ids.backup, undefined, monthly('5.00'));
  ids.snapshot = (await createPackage(t.em(), { catalogId: extras.id, name: 'Hourly Snapshot' })).id;
  await savePrice(t.em(), ids.snapshot, undefined, monthly('9.30'));
  const instance = await savePluginInstance(t.em(), undefined, { plugin: 'none', name: 'Manual' }, t.config.APP_SECRET);
  for (const id of Object.values(ids)) await setPackageProvisioning(t.em(), id, { pluginInstanceId: instance.id, pluginOptions: {} });
  await createStaff(t.em(), { ...STAFF, name: 'Sam Staff', role: 'owner' });
  b = await openBrowser(t);
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('add-ons and the cart, in Chromium', () => {
  it('1. staff build the add-on group "Backups" and offer it on the VPS', async () => {
    const { page, base } = b;
    await b.signIn(STAFF.email, STAFF.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Add-ons' }).click();
    await page.waitForURL(`${base}/admin/addon-groups`);
    await page.getByLabel('Name', { exact: true }).fill('Backups');
    await page.getByLabel('Daily Backup').check();
    await page.getByLabel('Hourly Snapshot').check();
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByText('Add-on group "Backups" created.').waitFor();
    await page.goto(`${base}/admin/packages/${ids.vps}/addons`);
    await page.getByLabel('Backups').check();
    await page.getByRole('button', { name: 'Save add-ons' }).click();
    await page.getByText('Add-on groups saved.').waitFor();
    expect(await page.getByLabel('Backups').isChecked()).toBe(true);
    await b.shot('addons-01-staff-offer');
  });

  it('2. a client puts a VPS with a backup in the cart; the summary follows without a reload', async () => {
    const { page, base } = b;
    await b.signUpClient('Ada Addon', EMAIL);
    await page.goto(`${base}/store/vps-small`);
    expect(await page.locator('#summary-total').textContent()).toBe('20.00 USD');
    await b.mark();
    await page.getByLabel('Daily Backup').check();
    await page.locator('#summary-total', { hasText: '25.00 USD' }).waitFor();
    expect(await b.marked()).toBe(true);
    expect(await page.locator('#summary').getByText('Daily Backup (Monthly)').count()).toBe(1);
    await b.shot('addons-02-store-with-backup');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(`${base}/cart`);
    await page.goto(`${base}/store/web-hosting`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(`${base}/cart`);
    expect(await page.locator('#cart-total').textContent()).toBe('35.00 USD');
    expect(await page.locator('tr.addon-line').getByText('Daily Backup').count()).toBe(1);
    await b.shot('addons-03-cart');
  });

  it('3. checks out once, pays once, and gets three services, the backup under the VPS', async () => {
    const { page, base } = b;
    await page.getByRole('button', { name: 'Check out' }).click();
    await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+$`));
    const invoiceId = Number(page.url().split('/').pop());
    expect(await page.locator('#invoice-total').textContent()).toBe('35.00 USD');
    await b.payWithTestGateway(invoiceId);
    const rows = await db<{ id: number; package_id: number; parent_id: number | null }>(
      'select s.id, s.package_id, s.parent_id from service s join client c on c.id = s.client_id where c.email = ? order by s.id',
      [EMAIL],
    );
    expect(rows.map((r) => r.package_id).sort()).toEqual([ids.vps, ids.web, ids.backup].sort());
    const vps = rows.find((r) => r.package_id === ids.vps)!;
    expect(rows.find((r) => r.package_id === ids.backup)!.parent_id).toBe(vps.id);
    ids.vpsService = vps.id;
    ids.backupService = rows.find((r) => r.package_id === ids.backup)!.id;
    // Provisioned (manually: no panel), as the worker would mark them.
    await db(`update service set status = 'active' where client_id = (select id from client where email = ?)`, [EMAIL]);
    await page.goto(`${base}/account/services/${vps.id}`);
    await page.getByRole('link', { name: `Daily Backup #${ids.backupService}` }).waitFor();
    await b.shot('addons-04-vps-page');
  });

  it('4. the renewal run bills the VPS and its backup on one invoice', async () => {
    const due = (await db<{ due: string }>('select next_due_date::text as due from service where id = ?', [ids.vpsService]))[0]!.due;
    await runBillingNow(t.em(), addDays(due, -7), new Date());
    const lines = await db<{ invoice_id: number; service_id: number }>(
      `select invoice_id, service_id from invoice_line where kind = 'renewal' and service_id in (?, ?) order by id`,
      [ids.vpsService, ids.backupService],
    );
    expect(lines.map((l) => l.service_id)).toEqual([ids.vpsService, ids.backupService]);
    expect(lines[0]!.invoice_id).toBe(lines[1]!.invoice_id);
    await b.page.goto(`${b.base}/account/invoices/${lines[0]!.invoice_id}`);
    expect(await b.page.getByText(`(add-on of #${ids.vpsService})`).count()).toBe(1);
    await b.shot('addons-05-renewal-invoice');
    // The client pays it: both move on to the next term together.
    await b.page.getByRole('button', { name: 'Pay with the test gateway' }).click();
    await b.page.getByRole('button', { name: 'Approve' }).click();
    await b.page.waitForURL(/payment=paid/);
    const dues = await db<{ d: string }>('select next_due_date::text as d from service where id in (?, ?)', [
      ids.vpsService,
      ids.backupService,
    ]);
    expect(new Set(dues.map((r) => r.d)).size).toBe(1);
  });

  it("5. adds a second add-on mid-term and sees the charge to the VPS's due date", async () => {
    const { page, base } = b;
    // The renewal just paid moved the VPS a term on: the add-on runs from today to that date.
    const today = calendarDateOf(new Date());
    const due = (await db<{ due: string }>('select next_due_date::text as due from service where id = ?', [ids.vpsService]))[0]!.due;
    const days = daysBetween(today, due);
    const termStart = addTerms(due, Number(due.slice(8, 10)), 1, 'month', -1);
    await page.goto(`${base}/account/services/${ids.vpsService}`);
    await page.getByRole('link', { name: 'Add an add-on' }).click();
    await page.getByRole('link', { name: 'Choose Hourly Snapshot' }).click();
    await page.getByText(`up to this service's next due date (${due})`).waitFor();
    const line = await page.locator('#summary tbody tr').first().textContent();
    expect(line).toContain(`pro rata ${today} to ${addDays(due, -1)} (${days}/${daysBetween(termStart, due)} days)`);
    await b.shot('addons-06-second-addon');
    await page.getByRole('button', { name: 'Add and pay' }).click();
    await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+$`));
    const invoiceId = Number(page.url().split('/').pop());
    await page.getByRole('button', { name: 'Pay with the test gateway' }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${base}/account/invoices/${invoiceId}?payment=paid`);
    const [snap] = await db<{ id: number; next_due: string }>(
      'select id, next_due_date::text as next_due from service where parent_id = ? and package_id = ?',
      [ids.vpsService, ids.snapshot],
    );
    expect(snap!.next_due).toBe(due);
    ids.snapshotService = snap!.id;
    await db(`update service set status = 'active' where id = ?`, [snap!.id]);
  });

  it('6. staff suspend the VPS, and its add-ons are suspended with it', async () => {
    const { page, base } = b;
    b.page.on('dialog', (d) => void d.accept());
    await page.goto(`${base}/admin/services/${ids.vpsService}`);
    await page.getByRole('button', { name: 'Suspend' }).click();
    await page.getByText('Service suspended.').waitFor();
    const addons = await db<{ status: string; suspend_reason: string }>(
      'select status, suspend_reason from service where parent_id = ? order by id',
      [ids.vpsService],
    );
    expect(addons).toEqual([
      { status: 'suspended', suspend_reason: 'parent' },
      { status: 'suspended', suspend_reason: 'parent' },
    ]);
    expect(await page.locator('#addons-title + table, section[aria-labelledby="addons-title"] table').getByText('suspended').count()).toBe(
      2,
    );
    await b.shot('addons-07-staff-suspended');
    expect(b.problems).toEqual([]);
  });
});
