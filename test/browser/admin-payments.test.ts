// Staff's payment gateway pages in Chromium, the Stripe gateway pointed at the local stand-in:
// the list with each gateway's state and mode, reordering through htmx (no full reload), the
// Stripe settings saved, a junk key refused next to its field, and "Test connection" answered
// in place; then the same without JavaScript, as plain form posts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure, type OpenBrowser } from '../helpers/browser.ts';
import { makeStripeApp } from '../helpers/stripe-app.ts';
import { seedBasics } from '../http/fixtures.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

const EMAIL = 'payments-owner@example.com';
const PASSWORD = 'correct horse battery';
const KEY_ERROR = 'The secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_.';

let t: TestApp;
let base = '';
let close: () => Promise<void>;
let b: OpenBrowser | undefined;

const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
const order = async () => (await sql<{ key: string }>('select key from payment_gateway order by position, key')).map((r) => r.key);
const retryDays = async () =>
  (await sql<{ days: string }>("select settings ->> 'retry_days' as days from payment_gateway where key = 'stripe'"))[0]!.days;

/** Each row of the gateway table as "label: badges". */
const rows = (page: OpenBrowser['page']) =>
  page
    .locator('#gateways tbody tr')
    .evaluateAll((trs) =>
      trs.map(
        (tr) =>
          `${tr.querySelector('td:nth-child(2) a')?.textContent}: ${Array.from(tr.querySelectorAll('td:nth-child(3) .badge'), (s) => s.textContent).join(' ')}`,
      ),
    );

beforeAll(async () => {
  ({ t, base, close } = await makeStripeApp());
  await seedBasics(t);
  await sql("update payment_gateway set enabled = false where key = 'manual'");
  await createStaff(t.em(), { email: EMAIL, password: PASSWORD, name: 'Pat Payments', role: 'owner' });
});
afterAll(async () => {
  await b?.close();
  await close?.();
});

shotsOnFailure('payments', () => b?.page);

describe('the payment gateway pages with JavaScript', () => {
  it('lists the gateways with On/Off and the mode, and moves one up through htmx without a reload', async () => {
    b = await openBrowser(t, { base });
    const { page } = b;
    await b.signIn(EMAIL, PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payments' }).click();
    await page.waitForURL(`${base}/admin/payments`);
    expect(await rows(page)).toEqual(['Account credit: On', 'Card: On Test mode', 'Bank transfer: Off', 'Test gateway: On']);
    expect(await page.getByRole('button', { name: 'Move Account credit up' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Move Test gateway down' }).isDisabled()).toBe(true);
    await b.shot('payments-01-list');
    await b.mark();
    await b.settled(() => page.getByRole('button', { name: 'Move Card up' }).click());
    expect(await rows(page)).toEqual(['Card: On Test mode', 'Account credit: On', 'Bank transfer: Off', 'Test gateway: On']);
    expect(await order()).toEqual(['stripe', 'credit', 'manual', 'test']);
    expect(await page.getByRole('button', { name: 'Move Card up' }).isDisabled()).toBe(true);
    expect(await b.marked()).toBe(true);
    await b.shot('payments-02-moved');
  });

  it('saves the Stripe settings, refuses a junk key next to its field, and tests the connection in place', async () => {
    const { page } = b!;
    await page.getByRole('link', { name: 'Card' }).click();
    await page.waitForURL(`${base}/admin/payments/stripe`);
    expect(await page.locator('h1 .badge').textContent()).toBe('Test mode');
    expect(await page.getByLabel('Secret key').getAttribute('placeholder')).toBe('•••••••• (stored; leave blank to keep)');
    await page.getByLabel('Retry a declined renewal charge after (days) (optional)').fill('2,4');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}/admin/payments/stripe?saved=1`);
    await page.getByText('Saved.', { exact: true }).waitFor();
    expect(await retryDays()).toBe('2,4');

    await b!.mark();
    b!.expectedStatuses.add(422);
    await page.getByLabel('Secret key').fill('nope');
    await page.getByLabel('Retry a declined renewal charge after (days) (optional)').fill('9,9,9');
    await b!.settled(() => page.getByRole('button', { name: 'Save' }).click());
    const error = page.locator('#settings-secret_key-error');
    expect(await error.textContent()).toBe(KEY_ERROR);
    // The message sits in the key's own field, and the field points at it.
    expect(
      await page
        .locator('.field.has-error')
        .filter({ has: page.getByLabel('Secret key') })
        .locator('.error')
        .textContent(),
    ).toBe(KEY_ERROR);
    expect(await page.getByLabel('Secret key').getAttribute('aria-describedby')).toContain('settings-secret_key-error');
    expect(await page.getByLabel('Secret key').inputValue()).toBe('');
    expect(await page.getByLabel('Retry a declined renewal charge after (days) (optional)').inputValue()).toBe('9,9,9');
    expect(await page.locator('.notice.error').count()).toBe(0);
    expect(await retryDays()).toBe('2,4');
    expect(await b!.marked()).toBe(true);
    await b!.shot('payments-03-stripe-junk-key');

    await b!.settled(() => page.getByRole('button', { name: 'Test connection' }).click());
    expect(await page.locator('#test-gateway-stripe').textContent()).toBe('Connected to Stripe in test mode.');
    expect(await b!.marked()).toBe(true);
    await b!.shot('payments-04-stripe-connected');
    expect(b!.problems).toEqual([]);
    await b!.close();
    b = undefined;
  });
});

describe('the payment gateway pages without JavaScript', () => {
  it('moves, saves, refuses a junk key and tests the connection as plain form posts', async () => {
    b = await openBrowser(t, { base, javaScript: false });
    const { page } = b;
    await b.signIn(EMAIL, PASSWORD);
    await page.goto(`${base}/admin/payments`);
    await page.getByRole('button', { name: 'Move Card down' }).click();
    await page.waitForURL(`${base}/admin/payments`);
    expect(await rows(page)).toEqual(['Account credit: On', 'Card: On Test mode', 'Bank transfer: Off', 'Test gateway: On']);

    await page.getByRole('link', { name: 'Card' }).click();
    await page.waitForURL(`${base}/admin/payments/stripe`);
    b.expectedStatuses.add(422);
    await page.getByLabel('Secret key').fill('nope');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}/admin/payments/stripe`);
    expect(await page.locator('#settings-secret_key-error').textContent()).toBe(KEY_ERROR);
    await b.shot('payments-05-nojs-junk-key');

    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.waitForURL(`${base}/admin/payments/stripe/test`);
    expect(await page.locator('#test-gateway-stripe').textContent()).toBe('Connected to Stripe in test mode.');
    await b.shot('payments-06-nojs-connected');

    await page.getByLabel('Retry a declined renewal charge after (days) (optional)').fill('1,2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}/admin/payments/stripe?saved=1`);
    expect(await retryDays()).toBe('1,2');
    expect(b.problems).toEqual([]);
  });
});
