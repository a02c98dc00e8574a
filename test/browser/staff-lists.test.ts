// Drives Chromium through the staff invoice list: the menu link, a status filter and a search
// swapping only the results through htmx (the address following, no full reload), the pager,
// then the same filters as a plain GET form without JavaScript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

const EMAIL = 'lists-owner@example.com';
const PASSWORD = 'correct horse battery';

let t: TestApp;
let b: OpenBrowser;

beforeAll(async () => {
  t = await makeTestApp();
  const sql = (q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<{ id: number }[]>(q, p);
  const [ana] = await sql(
    `insert into client (email, name, country, currency) values ('ana@lists.example', 'Ana Lister', 'DE', 'USD') returning id`,
  );
  const [cleo] = await sql(
    `insert into client (email, name, country, currency) values ('cleo@euro.example', 'Cleo Euro', 'FR', 'EUR') returning id`,
  );
  for (let i = 0; i < 30; i++) {
    const [clientId, currency, status] = i % 3 === 0 ? [cleo!.id, 'EUR', 'paid'] : [ana!.id, 'USD', i % 2 ? 'unpaid' : 'void'];
    await sql(
      `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date, created_at) values (?, ?, ?, ?, 0, ?, ?, ?)`,
      [clientId, status, currency, 10 + i, 10 + i, i < 5 ? '2020-01-01' : '2099-01-01', new Date(Date.UTC(2026, 0, 1 + i)).toISOString()],
    );
  }
  const [order] = await sql(
    `insert into client_order (client_id, status, currency, expires_at) values (?, 'pending', 'USD', '2099-01-01') returning id`,
    [ana!.id],
  );
  await sql(`update invoice set order_id = ? where id = (select min(id) from invoice where status = 'unpaid')`, [order!.id]);
  await sql(`insert into client_order (client_id, status, currency, expires_at) values (?, 'cancelled', 'EUR', '2099-01-01')`, [cleo!.id]);
  await createStaff(t.em(), { email: EMAIL, password: PASSWORD, name: 'Lee Lists', role: 'owner' });
  b = await openBrowser(t);
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('the staff invoice list in Chromium', () => {
  it('filters and pages through htmx without a full reload, the address following', async () => {
    const { page, base } = b;
    await b.signIn(EMAIL, PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
    await page.waitForURL(`${base}/admin/invoices`);
    await expect.poll(() => page.locator('#invoice-results > p').first().textContent()).toBe('30 invoices');
    await b.mark();
    await b.settled(() => page.getByLabel('Status').selectOption('unpaid'));
    expect(await page.locator('#invoice-results > p').first().textContent()).toBe('10 invoices');
    expect(new URL(page.url()).searchParams.get('status')).toBe('unpaid');
    await b.settled(() => page.getByLabel('Overdue only').check());
    expect(await page.locator('#invoice-results > p').first().textContent()).toBe('1 invoice');
    await b.settled(() => page.getByLabel('Overdue only').uncheck());
    await b.settled(() => page.getByLabel('Status').selectOption(''));
    await b.settled(() => page.getByLabel('Search').fill('cleo'));
    expect(await page.locator('#invoice-results > p').first().textContent()).toBe('10 invoices');
    expect(await page.locator('tfoot').textContent()).toContain('Total in EUR (10 invoices)');
    await b.settled(() => page.getByLabel('Search').fill(''));
    await b.settled(() => page.getByRole('link', { name: 'Next →' }).click());
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    expect(await page.getByText('Page 2 of 2').count()).toBe(1);
    expect(await b.marked()).toBe(true);
    await b.settled(() => page.getByLabel('Status').selectOption('paid'));
    await b.shot('staff-invoice-list');
    expect(await b.marked()).toBe(true);
    // An invoice link opens its page.
    await page.locator('#invoice-results tbody a[href^="/admin/invoices/"]').first().click();
    await page.waitForURL(/\/admin\/invoices\/\d+$/);
    expect(b.problems).toEqual([]);
  });

  it('filters as a plain GET form without JavaScript', async () => {
    const nojs = await openBrowser(t, { javaScript: false });
    try {
      await nojs.signIn(EMAIL, PASSWORD);
      await nojs.page.goto(`${nojs.base}/admin/orders`);
      expect(await nojs.page.locator('#order-results > p').first().textContent()).toBe('2 orders');
      await nojs.shot('staff-order-list');
      await nojs.page.goto(`${nojs.base}/admin/invoices`);
      await nojs.page.getByLabel('Status').selectOption('void');
      await nojs.page.getByRole('button', { name: 'Filter' }).click();
      await nojs.page.waitForURL(/status=void/);
      expect(await nojs.page.locator('#invoice-results > p').first().textContent()).toBe('10 invoices');
    } finally {
      await nojs.close();
    }
  });
});
