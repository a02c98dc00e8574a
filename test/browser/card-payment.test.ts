// A client's card payment in Chromium against the local Stripe stand-in: a coupon at checkout,
// "Pay by card" through our leaving page to the hosted card page and back to a paid invoice
// (read from Stripe at once, no webhook), the saved card on /account/cards; then staff find the
// invoice, refund half to account credit and see the credit note and the client's balance.
// A 3-D Secure card ends paid the same way, and the cards page's buttons work with and without
// JavaScript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure, type OpenBrowser } from '../helpers/browser.ts';
import { makeStripeApp } from '../helpers/stripe-app.ts';
import type { StripeStandIn } from '../helpers/stripe-stand-in.ts';
import { seedBasics } from '../http/fixtures.ts';
import { monthly, storePackage } from '../http/store/helpers.ts';
import { saveCoupon } from '../../src/modules/coupons/save-coupon.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

const CLIENT = `card-${process.pid}@example.com`;
const STAFF = 'cards-owner@example.com';
const PASSWORD = 'correct horse battery';

let t: TestApp;
let stripe: StripeStandIn;
let base = '';
let close: () => Promise<void>;
let b: OpenBrowser;
let pkg: { id: number; slug: string };
let invoiceId = 0;

const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

beforeAll(async () => {
  ({ t, stripe, base, close } = await makeStripeApp());
  const { catalogId } = await seedBasics(t);
  pkg = await storePackage(t, catalogId, 'Cloud VPS', {}, [monthly('USD', '20.00')]);
  await saveCoupon(t.em(), undefined, { code: 'LAUNCH25', kind: 'percent', percent: '25', packageIds: [pkg.id] });
  await createStaff(t.em(), { email: STAFF, password: PASSWORD, name: 'Rae Refunds', role: 'owner' });
  b = await openBrowser(t, { base });
  // The stand-in's page has no icon; Chromium's request for one is no fault of ours.
  await b.page.route(`${stripe.url}/favicon.ico`, (route) => route.fulfill({ status: 204 }));
});
afterAll(async () => {
  await b?.close();
  await close?.();
});

shotsOnFailure('card', () => b?.page);

/** Orders the package (with a coupon code when given) and lands on its unpaid invoice. */
async function order(coupon?: string) {
  const { page } = b;
  await page.goto(`${base}/store/${pkg.slug}`);
  if (coupon) {
    await page.getByLabel('Coupon code').fill(coupon);
    await b.settled(() => page.getByRole('button', { name: 'Apply' }).click());
    await page.locator('#summary-total', { hasText: '15.00 USD' }).waitFor();
  }
  await page.getByRole('button', { name: 'Order now' }).click();
  await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+$`));
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** Fills the stand-in's hosted card page and pays. */
async function payOnStandIn(card: string) {
  const { page } = b;
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiry').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: 'Pay' }).click();
}

describe('a card payment with a coupon, then a staff refund to account credit', () => {
  it('orders with a coupon code and sees the discount on the summary and the invoice', async () => {
    const { page } = b;
    await b.signUpClient('Ada Card', CLIENT);
    await page.goto(`${base}/store/${pkg.slug}`);
    await b.mark();
    await page.getByLabel('Coupon code').fill('launch25');
    await b.settled(() => page.getByRole('button', { name: 'Apply' }).click());
    await page.locator('#summary-total', { hasText: '15.00 USD' }).waitFor();
    expect(await page.locator('#summary tr.line-discount').textContent()).toContain('Coupon LAUNCH25 (25% off)');
    expect(await page.locator('#coupon-applied').textContent()).toBe('LAUNCH25 applied: 5.00 USD off before tax.');
    expect(await b.marked()).toBe(true);
    await b.shot('card-01-package-coupon');
    await page.getByRole('button', { name: 'Order now' }).click();
    await page.waitForURL(new RegExp(`^${base}/account/invoices/\\d+$`));
    invoiceId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await page.locator('.invoice-lines tr.line-discount').textContent()).toContain('Coupon LAUNCH25 (25% off)');
    expect(await page.locator('#invoice-total').textContent()).toBe('15.00 USD');
    expect(await page.getByLabel('Keep this card for automatic renewal payments').isChecked()).toBe(true);
    await b.shot('card-02-invoice-pay');
  });

  it("pays by card on Stripe's page and comes back to a paid invoice without waiting for a webhook", async () => {
    const { page } = b;
    stripe.webhookMode = 'manual';
    await page.getByRole('button', { name: 'Pay by card' }).click();
    await page.waitForURL(new RegExp(`^${stripe.url}/c/pay/cs_`));
    await page.getByText('15.00 USD').waitFor();
    await b.shot('card-03-stand-in');
    await payOnStandIn('4242424242424242');
    await page.waitForURL(`${base}/account/invoices/${invoiceId}?payment=paid`);
    await page.getByText('Paid. Thank you! Your order is being set up.').waitFor();
    expect(await page.locator('h1 .badge').textContent()).toBe('paid');
    expect(await page.locator('#payments').textContent()).toContain('15.00 USD');
    expect(stripe.deliveries).toEqual([]);
    await b.shot('card-04-invoice-paid');
  });

  it('sees the service and the saved card, the default one', async () => {
    const { page } = b;
    await page.goto(`${base}/account/services`);
    expect(await page.locator('#services tbody tr', { hasText: 'Cloud VPS' }).count()).toBe(1);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cards', exact: true }).click();
    await page.waitForURL(`${base}/account/cards`);
    const row = page.locator('tbody tr', { hasText: 'visa ending 4242' });
    expect(await row.count()).toBe(1);
    expect(await row.locator('.badge').textContent()).toBe('Default');
    await b.shot('card-05-cards');
    // Stripe's webhooks for that payment arrive late and add nothing.
    await stripe.deliverAll();
    expect(await sql('select id from payment where invoice_id = ?', [invoiceId])).toHaveLength(1);
  });

  it('staff find the invoice, refund half to account credit, and see the credit note and the balance', async () => {
    const staff = await openBrowser(t, { base });
    try {
      const { page } = staff;
      await staff.signIn(STAFF, PASSWORD);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
      await page.waitForURL(`${base}/admin/invoices`);
      await staff.settled(() => page.getByLabel('Search').fill(CLIENT));
      expect(await page.locator('#invoice-results > p').first().textContent()).toBe('1 invoice');
      await page.locator(`#invoice-results a[href="/admin/invoices/${invoiceId}"]`).first().click();
      await page.waitForURL(`${base}/admin/invoices/${invoiceId}`);
      const form = page.locator('form#refund');
      expect(await form.getByLabel('Amount (USD)').inputValue()).toBe('15.00');
      await form.getByLabel('Amount (USD)').fill('7.50');
      await form.getByLabel('Account credit').check();
      await form.getByLabel('Reason (optional)').fill('Half back as goodwill');
      page.once('dialog', (d) => void d.accept());
      await form.getByRole('button', { name: 'Refund' }).click();
      // hx-boost follows the redirect itself, so the address keeps no #refunds.
      await page.waitForURL(new RegExp(`^${base}/admin/invoices/${invoiceId}\\?done=refunded`));
      await page.getByText('Refunded; the credit note is listed under the payments.').waitFor();
      const refund = page.locator('#refunds tbody tr');
      expect(await refund.count()).toBe(1);
      expect(await refund.textContent()).toContain('7.50 USD');
      expect(await refund.locator('.badge').textContent()).toBe('succeeded');
      const note = page.locator('#credit-notes tbody tr');
      expect(await note.count()).toBe(1);
      expect(await note.textContent()).toContain('Half back as goodwill');
      expect(await note.textContent()).toContain('7.50 USD');
      const [issued] = await sql<{ number: string }>('select number from credit_note order by id desc limit 1');
      expect(await note.locator('strong').textContent()).toBe(issued!.number);
      await staff.shot('card-06-staff-refund');
      await page.locator('.crumbs').getByRole('link', { name: 'Ada Card' }).click();
      await page.waitForURL(/\/admin\/clients\/\d+$/);
      expect(await page.locator('tr', { hasText: 'Credit balance' }).locator('strong').textContent()).toBe('7.50 USD');
      await staff.shot('card-07-staff-client-credit');
      expect(staff.problems).toEqual([]);
    } finally {
      await staff.close();
    }
  });

  it("a 3-D Secure card, through the leaving page's Continue link, ends paid", async () => {
    const { page } = b;
    const id = await order();
    // Holds the leaving page (no refresh) to see it and follow its link as a browser that ignores the refresh would.
    const payUrl = `${base}/account/invoices/${id}/pay/stripe`;
    await page.route(payUrl, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: (await res.text()).replace(/<meta http-equiv="refresh"[^>]*>/, '') });
    });
    await page.getByRole('button', { name: 'Pay by card' }).click();
    await page.getByRole('heading', { name: 'Pay by card' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/account/invoices/${id}/pay/stripe`);
    await b.shot('card-08-leaving');
    await page.unroute(payUrl);
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.waitForURL(new RegExp(`^${stripe.url}/c/pay/cs_`));
    await payOnStandIn('4000002500003155');
    await page.getByRole('heading', { name: 'Authenticate this payment' }).waitFor();
    await b.shot('card-09-stand-in-3ds');
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await page.waitForURL(`${base}/account/invoices/${id}?payment=paid`);
    expect(await page.locator('h1 .badge').textContent()).toBe('paid');
    expect(await sql(`select 1 from invoice where id = ? and status = 'paid'`, [id])).toHaveLength(1);
    await stripe.deliverAll();
  });

  it('had no console errors, page errors or CSP violations', () => {
    expect(b.problems).toEqual([]);
  });
});

describe('the saved cards page', () => {
  const row = (page: OpenBrowser['page'], last4: string) => page.locator('tbody tr', { hasText: `ending ${last4}` });

  it('"Make default" and "Remove" (after its confirmation) work through htmx, without a full reload', async () => {
    const { page } = b;
    await page.goto(`${base}/account/cards`);
    expect(await page.locator('tbody tr').count()).toBe(2);
    await b.mark();
    await b.settled(() => row(page, '3155').getByRole('button', { name: 'Make default' }).click());
    await page.getByText('Renewals will use that card from now on.').waitFor();
    expect(new URL(page.url()).search).toBe('?done=default');
    expect(await row(page, '3155').locator('.badge').textContent()).toBe('Default');
    expect(await row(page, '4242').getByRole('button', { name: 'Make default' }).count()).toBe(1);
    expect(await b.marked()).toBe(true);
    // Cancelling the confirmation keeps the card.
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('button', { name: 'Remove the visa card ending 4242' }).click();
    expect(await page.locator('tbody tr').count()).toBe(2);
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await b.settled(() => page.getByRole('button', { name: 'Remove the visa card ending 4242' }).click());
    expect(asked).toBe('Remove the visa card ending 4242?');
    await page.getByText('The card was removed.').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await row(page, '3155').locator('.badge').textContent()).toBe('Default');
    expect(await b.marked()).toBe(true);
    await b.shot('card-10-cards-htmx');
    expect(b.problems).toEqual([]);
  });

  it("without JavaScript: a card added on Stripe's page, made the default, and another removed", async () => {
    const nojs = await openBrowser(t, { base, javaScript: false });
    try {
      const { page } = nojs;
      await page.route(`${stripe.url}/favicon.ico`, (route) => route.fulfill({ status: 204 }));
      await page.goto(`${base}/account/sign-in`);
      await page.getByLabel('Email').fill(CLIENT);
      await page.getByLabel('Password').fill('a long enough secret');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/account$/);
      await page.goto(`${base}/account/cards`);
      await page.getByRole('button', { name: 'Add a card' }).click();
      await page.waitForURL(new RegExp(`^${stripe.url}/c/pay/cs_`));
      await page.getByText('Save a card').waitFor();
      await page.getByLabel('Card number').fill('5555555555554444');
      await page.getByLabel('Expiry').fill('10 / 33');
      await page.getByLabel('CVC').fill('123');
      await page.getByRole('button', { name: 'Save card' }).click();
      await page.waitForURL(`${base}/account/cards?done=saved`);
      await page.getByText('Your card is saved.').waitFor();
      expect(await row(page, '4444').textContent()).toContain('mastercard ending 4444');
      await row(page, '4444').getByRole('button', { name: 'Make default' }).click();
      await page.waitForURL(`${base}/account/cards?done=default`);
      expect(await row(page, '4444').locator('.badge').textContent()).toBe('Default');
      await page.getByRole('button', { name: 'Remove the visa card ending 3155' }).click();
      await page.waitForURL(`${base}/account/cards?done=removed`);
      expect(await page.locator('tbody tr').count()).toBe(1);
      expect(await row(page, '4444').locator('.badge').textContent()).toBe('Default');
      await nojs.shot('card-11-cards-nojs');
      expect(nojs.problems).toEqual([]);
    } finally {
      await nojs.close();
    }
  });
});
