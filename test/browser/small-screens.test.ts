// On a 390 px phone: the admin's and the client area's menus fold behind a Menu button that
// opens them, wide tables scroll inside their box, and no page scrolls sideways. Without
// JavaScript the menu stays open (wrapped) and tables still scroll on their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure } from '../helpers/browser.ts';
import { addInvoice, seedAccount } from '../helpers/client-account.ts';
import { seedBasics } from '../http/fixtures.ts';
import { storePackage } from '../http/store/helpers.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { setScalingTargets } from '../../src/modules/catalog/set-scaling-targets.ts';

type Opened = Awaited<ReturnType<typeof openBrowser>>;
let t: TestApp;
let phone: Opened;
let noScript: Opened;
const STAFF = 'phone-owner@example.com';
const PASSWORD = 'a long enough secret';
let serviceId = 0;

shotsOnFailure('small-screens', () => phone?.page);

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  const pkg = await storePackage(t, catalogId, 'A package with a rather long name for a narrow screen');
  // A package to move to: the service page then offers every action (Suspend … Change package … Terminate).
  const bigger = await storePackage(t, catalogId, 'A bigger package');
  await setScalingTargets(t.em(), pkg.id, { targetIds: [bigger.id] });
  await createStaff(t.em(), { email: STAFF, password: PASSWORD, name: 'Pat Phone', role: 'owner' });
  const [c] = await t.orm.em
    .getConnection()
    .execute<{ id: number }[]>(
      `insert into client (email, name, currency, country) values ('phoneclient+aratherlongunbrokentag@example.com', 'Client With A Long Name', 'USD', 'US') returning id`,
    );
  ({ serviceId } = await seedAccount(t, c!.id, pkg.id));
  for (let i = 0; i < 3; i++)
    await addInvoice(t, c!.id, serviceId, {
      status: 'unpaid',
      total: '1234567.89',
      dueDate: '2027-02-15',
      createdAt: '2027-02-01T10:00:00Z',
    });
  phone = await openBrowser(t, { width: 390 });
  noScript = await openBrowser(t, { width: 390, javaScript: false });
}, 60_000);
afterAll(async () => {
  await phone?.close();
  await noScript?.close();
  await t?.close();
});

const pageWidth = (o: Opened) => o.page.evaluate(() => document.documentElement.scrollWidth);

async function signIn(o: Opened) {
  await o.page.goto(`${o.base}/admin/sign-in`);
  await o.page.getByLabel('Email').fill(STAFF);
  await o.page.getByLabel('Password').fill(PASSWORD);
  await o.page.getByRole('button', { name: 'Sign in' }).click();
  await o.page.waitForURL(/\/admin(\/|$)/);
}

describe('the admin on a phone', () => {
  it('folds the menu behind a button that opens and closes it', async () => {
    const { page, base } = phone;
    await signIn(phone);
    await page.goto(`${base}/admin/invoices`);
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await menu.waitFor();
    expect(await nav.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await phone.shot('small-01-admin-invoices-phone');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Clients' }).waitFor();
    await phone.shot('small-02-admin-menu-open');
    await nav.getByRole('link', { name: 'Clients' }).click();
    await page.waitForURL(`${base}/admin/clients`);
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    // A new page starts with the menu folded again.
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
  });

  it('still opens the menu when app.js never arrives', async () => {
    const { base } = phone;
    // A page of its own: the failed load it causes is expected here, and not a problem of the others.
    const page = await phone.page.context().newPage();
    await page.route('**/assets/app.js', (route) => route.abort());
    try {
      await page.goto(`${base}/admin/invoices`);
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Menu' }).click();
      await nav.getByRole('link', { name: 'Clients' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await page.close();
    }
  });

  it('opens and closes the menu from the keyboard', async () => {
    const { page, base } = phone;
    await page.goto(`${base}/admin/invoices`);
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await menu.focus();
    await page.keyboard.press('Space');
    await nav.getByRole('link', { name: 'Clients' }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Enter');
    await nav.waitFor({ state: 'hidden' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    // Opened in place, never followed as a link.
    expect(page.url()).toBe(`${base}/admin/invoices`);
  });

  it('scrolls wide tables inside their box, never the page', async () => {
    const { page, base } = phone;
    // A service's page: its row of actions (Suspend … End with its term, Terminate) wraps under the heading.
    for (const path of [
      '/admin/invoices',
      '/admin/clients',
      '/admin/services',
      '/admin/packages',
      '/admin/orders',
      `/admin/services/${serviceId}`,
    ]) {
      await page.goto(`${base}${path}`);
      await page.locator('main').waitFor();
      expect(await pageWidth(phone), path).toBeLessThanOrEqual(390);
    }
    expect(await page.locator('main .heading .actions > *').count()).toBe(5);
    await page.goto(`${base}/admin/invoices`);
    const wrap = page.locator('.table-wrap').first();
    const sizes = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    // The invoices table is wider than a phone: it scrolls in its box.
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    // An invoice of a client whose email is one long word: it wraps in its column, the page does not widen.
    await page.locator('main a[href^="/admin/invoices/"]').first().click();
    await page.getByText('phoneclient+aratherlongunbrokentag@example.com').waitFor();
    expect(await pageWidth(phone), page.url()).toBeLessThanOrEqual(390);
    expect(phone.problems).toEqual([]);
  });
});

describe('the client area on a phone', () => {
  it('folds its menu the same way, in the client’s language', async () => {
    const { page, base } = phone;
    await page.goto(`${base}/account/sign-in`);
    await page.getByLabel('Email').fill('phoneclient+aratherlongunbrokentag@example.com');
    // No password set for this seeded client: use the store instead, signed out.
    await page.goto(`${base}/store`);
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await menu.click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cart' }).waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await phone.shot('small-03-store-menu-open');
    await page.setExtraHTTPHeaders({ 'Accept-Language': 'de-DE' });
    await page.goto(`${base}/store`);
    await page.getByRole('button', { name: 'Menü' }).waitFor();
    await page.setExtraHTTPHeaders({});
  });

  it('cuts a long name short in the header, keeping Sign out on one line', async () => {
    const { page } = phone;
    const name = 'Maximilian Alexander von Hohenzollern-Sigmaringen';
    await phone.signUpClient(name, `long-name-${process.pid}@example.com`);
    const signOut = page.locator('.whoami').getByRole('button', { name: 'Sign out' });
    const lineHeight = await signOut.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 20);
    expect((await signOut.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
    // The whole name is still there, for a pointer and a screen reader.
    expect(await page.locator('.whoami span').getAttribute('title')).toBe(name);
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await phone.shot('small-04-long-name');
  });
});

describe('without JavaScript', () => {
  it('keeps the menu open and wrapped, and the page no wider than the phone', async () => {
    await signIn(noScript);
    const { page, base } = noScript;
    await page.goto(`${base}/admin/invoices`);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    expect(await pageWidth(noScript)).toBeLessThanOrEqual(390);
    await noScript.shot('small-04-admin-no-javascript');
  });
});
