// Drives Chromium through a refund: staff open a paid invoice from the list's "Refund" action,
// refund half of it to account credit through the boosted form and see the credit note; then the
// rest without JavaScript, a refusal showing next to its field first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';

const EMAIL = 'refunds-owner@example.com';
const PASSWORD = 'correct horse battery';

let t: TestApp;
let b: OpenBrowser;
let invoiceId: number;
let clientId: number;

beforeAll(async () => {
  t = await makeTestApp();
  const sql = (q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<{ id: number }[]>(q, p);
  await sql(`insert into currency (code, name, minor_units, rate, is_default) values ('USD', 'US Dollar', 2, 1, true)`);
  const [client] = await sql(
    `insert into client (email, name, country, currency) values ('rita@refunds.example', 'Rita Refund', 'US', 'USD') returning id`,
  );
  clientId = client!.id;
  const [invoice] = await sql(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date) values (?, 'unpaid', 'USD', 30, 0, 30, '2026-12-01') returning id`,
    [clientId],
  );
  invoiceId = invoice!.id;
  await sql(`insert into invoice_line (invoice_id, kind, description, amount) values (?, 'manual', 'Web hosting, December', 30)`, [
    invoiceId,
  ]);
  await payInvoice(t.em(), { invoiceId, gateway: 'test', reference: 'pay-rita' }, new Date());
  await createStaff(t.em(), { email: EMAIL, password: PASSWORD, name: 'Rhea Refunds', role: 'owner' });
  b = await openBrowser(t);
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('refunding from the staff invoice page in Chromium', () => {
  it('refunds half to credit from the list’s Refund action and shows the credit note', async () => {
    const { page, base } = b;
    await b.signIn(EMAIL, PASSWORD);
    await page.goto(`${base}/admin/invoices?status=paid`);
    await page.getByRole('link', { name: `Refund invoice #${invoiceId}` }).click();
    await page.waitForURL(`${base}/admin/invoices/${invoiceId}#refund`);
    const form = page.locator('form#refund');
    expect(await form.getByLabel('Amount (USD)').inputValue()).toBe('30.00');
    expect(await form.getByLabel('Back to the original payment (Test gateway)').isChecked()).toBe(true);
    await form.getByLabel('Amount (USD)').fill('15.00');
    await form.getByLabel('Account credit').check();
    await form.getByLabel('Reason (optional)').fill('Half the month down');
    // A refund cannot be undone: it is asked first, and a "no" sends nothing.
    const asked: string[] = [];
    page.once('dialog', (d) => void (asked.push(d.message()), d.dismiss()));
    await form.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('cannot be undone');
    expect(await page.locator('#credit-notes tbody tr').count()).toBe(0);
    page.once('dialog', (d) => void d.accept());
    await b.mark();
    await b.settled(() => form.getByRole('button', { name: 'Refund' }).click());
    await page.waitForURL(/done=refunded/);
    expect(await b.marked()).toBe(true);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Refunded');
    const notes = page.locator('#credit-notes');
    expect(await notes.textContent()).toMatch(/CN-\d{4}-0001/);
    expect(await notes.textContent()).toContain('15.00 USD');
    expect(await page.locator('#refunds').textContent()).toContain('Rhea Refunds');
    expect(await page.locator('form#refund').getByLabel('Amount (USD)').inputValue()).toBe('15.00');
    await page.screenshot({ path: '/tmp/refund.png', fullPage: true });
    await b.shot('staff-refund');
    const [balance] = await t.orm.em
      .getConnection()
      .execute<{ credit_balance: string }[]>('select credit_balance from client where id = ?', [clientId]);
    expect(balance!.credit_balance).toBe('15.0000');
    expect(b.problems).toEqual([]);
  });

  it('works as a plain form without JavaScript, the refusal next to its field', async () => {
    const nojs = await openBrowser(t, { javaScript: false });
    try {
      await nojs.signIn(EMAIL, PASSWORD);
      await nojs.page.goto(`${nojs.base}/admin/invoices/${invoiceId}`);
      const form = nojs.page.locator('form#refund');
      await form.getByLabel('Amount (USD)').fill('15.01');
      await form.getByRole('button', { name: 'Refund' }).click();
      expect(await nojs.page.locator('#f-amount-error').textContent()).toBe('At most 15.00 USD can be refunded.');
      await nojs.page.locator('form#refund').getByLabel('Amount (USD)').fill('15');
      await nojs.page.locator('form#refund').getByRole('button', { name: 'Refund' }).click();
      await nojs.page.waitForURL(/done=refunded/);
      expect(await nojs.page.locator('#credit-notes tbody tr').count()).toBe(2);
      expect(await nojs.page.locator('form#refund').count()).toBe(0);
    } finally {
      await nojs.close();
    }
  });
});
