// Drives Chromium through the staff invoice list's row actions: what each status offers, the PDF
// downloading under its name, Resend and Void (with its confirmation) landing on the invoice page
// with what happened, Mark paid on the page's form; and Resend and Void (asked by a page) as plain forms without JavaScript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

const EMAIL = 'rows-owner@example.com';
const PASSWORD = 'correct horse battery';

let t: TestApp;
let b: OpenBrowser;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await makeTestApp();
  const sql = (q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<{ id: number }[]>(q, p);
  const [zoe] = await sql(
    `insert into client (email, name, country, currency) values ('zoe@rows.example', 'Zoë Ødegård', 'NO', 'USD') returning id`,
  );
  const invoice = async (status: string, total: number, due: string) =>
    (
      await sql(
        `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date, paid_at) values (?, ?, 'USD', ?, 0, ?, ?, ?) returning id`,
        [zoe!.id, status, total, total, due, status === 'paid' ? '2026-11-20T10:00:00Z' : null],
      )
    )[0]!.id;
  ids.void = await invoice('void', 15, '2026-11-01');
  ids.paid = await invoice('paid', 49.5, '2026-11-20');
  ids.overdue = await invoice('unpaid', 12, '2020-01-01');
  // An order's invoice: voiding it cancels the order.
  const [order] = await sql(
    `insert into client_order (client_id, status, currency, expires_at) values (?, 'pending', 'USD', '2099-01-01') returning id`,
    [zoe!.id],
  );
  await sql('update invoice set order_id = ? where id = ?', [order!.id, ids.overdue]);
  ids.unpaid = await invoice('unpaid', 1234.56, '2099-01-01');
  ids.toVoid = await invoice('unpaid', 7, '2099-02-01');
  const [another] = await sql(
    `insert into client_order (client_id, status, currency, expires_at) values (?, 'pending', 'USD', '2099-01-01') returning id`,
    [zoe!.id],
  );
  await sql('update invoice set order_id = ? where id = ?', [another!.id, ids.toVoid]);
  await sql(`insert into payment (invoice_id, gateway, reference, amount, currency) values (?, 'manual', 'BANK-9', 49.5, 'USD')`, [
    ids.paid,
  ]);
  await createStaff(t.em(), { email: EMAIL, password: PASSWORD, name: 'Rowan Rows', role: 'owner' });
  b = await openBrowser(t);
});
afterAll(async () => {
  await b?.close();
  await t?.close();
});

const row = (id: number | undefined) =>
  b.page.locator('#invoice-results tbody tr').filter({ has: b.page.locator(`a[href="/admin/invoices/${id}"]`) });

describe('the staff invoice list’s row actions in Chromium', () => {
  it('offers per status what applies, downloads the PDF, resends and voids landing on the invoice page', async () => {
    const { page, base } = b;
    await b.signIn(EMAIL, PASSWORD);
    await page.goto(`${base}/admin/invoices`);
    const names = async (id: number | undefined) =>
      (
        await row(id).locator('.list-actions').getByRole('link').or(row(id).locator('.list-actions').getByRole('button')).allTextContents()
      ).map((s) => s.trim());
    expect(await names(ids.unpaid)).toEqual(['Mark paid', 'Void', 'Resend', 'PDF']);
    expect(await names(ids.paid)).toEqual(['Refund', 'Resend', 'PDF']);
    expect(await names(ids.void)).toEqual(['Resend', 'PDF']);
    // One line per row: the actions never wrap under each other.
    for (const id of [ids.unpaid, ids.paid, ids.void]) {
      const boxes = await row(id)
        .locator('.list-actions > *')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
      expect(new Set(boxes.map(Math.round)).size, `row of #${id}`).toBe(1);
    }
    await b.shot('staff-invoice-row-actions');

    const download = page.waitForEvent('download');
    await row(ids.paid)
      .getByRole('link', { name: `Download invoice #${ids.paid} as PDF` })
      .click();
    expect((await download).suggestedFilename()).toBe(`invoice-${ids.paid}.pdf`);

    // Emailing the client is asked first: a "no" sends nothing.
    const resendAsked: string[] = [];
    page.once('dialog', (d) => void (resendAsked.push(d.message()), d.dismiss()));
    await row(ids.paid)
      .getByRole('button', { name: `Resend invoice #${ids.paid} to the client` })
      .click();
    await expect.poll(() => resendAsked.length).toBe(1);
    expect(resendAsked[0]).toBe(`Email invoice #${ids.paid} to the client again, with its PDF?`);
    expect(page.url()).toBe(`${base}/admin/invoices`);
    page.once('dialog', (d) => void d.accept());
    await row(ids.paid)
      .getByRole('button', { name: `Resend invoice #${ids.paid} to the client` })
      .click();
    await page.waitForURL(`${base}/admin/invoices/${ids.paid}?done=sent`);
    expect(await page.getByText('Sent to zoe@rows.example').count()).toBe(1);
    await b.shot('staff-invoice-sent');

    await page.goto(`${base}/admin/invoices`);
    page.once('dialog', (d) => void d.accept());
    await row(ids.overdue)
      .getByRole('button', { name: `Void invoice #${ids.overdue}` })
      .click();
    await page.waitForURL(`${base}/admin/invoices/${ids.overdue}?done=voided`);
    expect(await page.locator('h1').textContent()).toContain('cancelled');

    await page.goto(`${base}/admin/invoices`);
    await row(ids.unpaid)
      .getByRole('link', { name: `Mark paid: invoice #${ids.unpaid}` })
      .click();
    await page.waitForURL(`${base}/admin/invoices/${ids.unpaid}#mark-paid`);
    expect(await page.locator('form#mark-paid').getByRole('button', { name: 'Mark paid' }).isVisible()).toBe(true);
    // Recording money is asked first, with the amount: a "no" records nothing.
    const asked: string[] = [];
    page.once('dialog', (d) => void (asked.push(d.message()), d.dismiss()));
    await page.locator('form#mark-paid').getByRole('button', { name: 'Mark paid' }).click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('1,234.56 USD');
    expect(page.url()).toBe(`${base}/admin/invoices/${ids.unpaid}#mark-paid`);
    page.once('dialog', (d) => void d.accept());
    await page.locator('form#mark-paid').getByRole('button', { name: 'Mark paid' }).click();
    await page.waitForURL(`${base}/admin/invoices/${ids.unpaid}?done=paid`);
    expect(await page.locator('form#mark-paid').count()).toBe(0);
    expect(b.problems).toEqual([]);
  });

  it('resends, and voids after a page asks, as plain forms without JavaScript, in a narrower window', async () => {
    // On a laptop-sized window too.
    const nojs = await openBrowser(t, { javaScript: false, width: 1024 });
    try {
      await nojs.signIn(EMAIL, PASSWORD);
      await nojs.page.goto(`${nojs.base}/admin/invoices`);
      await nojs.shot('staff-invoice-row-actions-1024');
      await nojs.page
        .locator('#invoice-results tbody tr')
        .filter({ has: nojs.page.locator(`a[href="/admin/invoices/${ids.unpaid}"]`) })
        .getByRole('button', { name: /Resend invoice/ })
        .click();
      await nojs.page.waitForURL(`${nojs.base}/admin/invoices/${ids.unpaid}?done=sent`);
      expect(await nojs.page.getByText('Sent to zoe@rows.example').count()).toBe(1);
      // Void cannot ask with a dialog: a page asks, and "Keep it as it is" changes nothing.
      await nojs.page.goto(`${nojs.base}/admin/invoices`);
      const voidRow = () =>
        nojs.page
          .locator('#invoice-results tbody tr')
          .filter({ has: nojs.page.locator(`a[href="/admin/invoices/${ids.toVoid}"]`) })
          .getByRole('button', { name: /Void invoice/ });
      await voidRow().click();
      await nojs.page.waitForURL(`${nojs.base}/admin/invoices/${ids.toVoid}/void`);
      expect(await nojs.page.locator('h1').textContent()).toBe(`Void invoice #${ids.toVoid}?`);
      await nojs.shot('staff-invoice-void-question-nojs');
      await nojs.page.getByRole('link', { name: 'Keep it as it is' }).click();
      await nojs.page.waitForURL(`${nojs.base}/admin/invoices/${ids.toVoid}`);
      expect(await nojs.page.locator('h1 .badge').first().textContent()).toContain('unpaid');
      await nojs.page.goto(`${nojs.base}/admin/invoices`);
      await voidRow().click();
      await nojs.page.getByRole('button', { name: 'Void invoice' }).click();
      await nojs.page.waitForURL(`${nojs.base}/admin/invoices/${ids.toVoid}?done=voided`);
    } finally {
      await nojs.close();
    }
  });
});
