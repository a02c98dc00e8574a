// Staff accounts in Chromium: an owner invites someone from the staff page, the invitee sets
// their password from the emailed link, turns on two-factor sign-in by reading the key the page
// shows, keeps the recovery codes, and signs in again in two steps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure } from '../helpers/browser.ts';
import { sql } from '../http/client/helpers.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { totpCode } from '../../src/modules/staff/rules/two-factor.ts';

let t: TestApp;
let b: Awaited<ReturnType<typeof openBrowser>>;
const OWNER = 'olive@example.com';
const PASSWORD = 'a long enough secret';
const INVITEE = 'ivan@example.com';

shotsOnFailure('staff-accounts', () => b?.page);

beforeAll(async () => {
  t = await makeTestApp();
  await createStaff(t.em(), { email: OWNER, password: PASSWORD, name: 'Olive Owner', role: 'owner' });
  b = await openBrowser(t);
}, 60_000);
afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('staff accounts', () => {
  it('invite, set a password, turn on two-factor sign-in, and sign in with a code', async () => {
    const { page, base } = b;
    // The short password and the wrong code are answered 422, as forms with errors are.
    b.expectedStatuses.add(422);
    await b.signIn(OWNER, PASSWORD);
    await page.getByRole('link', { name: 'Olive Owner' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await b.shot('staff-account-1280');
    await page.getByRole('link', { name: 'Manage staff' }).click();
    await page.getByRole('heading', { name: 'Staff', exact: true }).waitFor();
    await page.getByLabel('Name').fill('Ivan Invitee');
    await page.getByLabel('Email').fill(INVITEE);
    await page.getByLabel('Role').selectOption('admin');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent.').waitFor();
    expect(await page.locator('#staff-list').textContent()).toMatch(/Ivan Invitee.*ivan@example\.com.*admin.*Invited/);
    await b.shot('staff-list-1280');
    // The menu is one line at 1280 px; the setup pages are behind "More", which shows this one as current.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect((await nav.boundingBox())!.height).toBeLessThan(50);
    expect(await nav.locator('summary.current').textContent()).toBe('More');
    await nav.getByText('More').click();
    await nav.getByRole('link', { name: 'Audit' }).waitFor();
    await b.shot('staff-menu-more-1280');
    await nav.getByText('More').click();
    await page.setViewportSize({ width: 390, height: 844 });
    await b.shot('staff-list-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The invitee, in a browser of their own, follows the emailed link.
    const [mail] = await sql<{ text: string }>(t, `select text from mail_message where "to" = ? and kind = 'staff-invite'`, [INVITEE]);
    const link = /https?:\/\/\S+\/admin\/invite\?token=[\w-]+/.exec(mail!.text)![0];
    await page.context().clearCookies();
    await page.goto(`${base}${new URL(link).pathname}${new URL(link).search}`);
    await page.getByText('You will sign in as').waitFor();
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByText('Use at least 10 characters.').waitFor();
    await page.getByLabel('Password').fill('ivans own password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.waitForURL(`${base}/admin/account`);

    await page.getByRole('link', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    expect(
      await page
        .getByRole('img', { name: 'QR code for your authenticator app' })
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth >= 100),
    ).toBe(true);
    await b.shot('staff-two-factor-enrol-1280');
    await page.getByText('Cannot scan it? Type this key instead').click();
    const key = (await page.locator('#totp-key').textContent())!.replace(/\s/g, '');
    await page.getByLabel('Code').fill(totpCode(key, new Date()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in is on' }).waitFor();
    const codes = await page.locator('#recovery-codes code').allTextContents();
    expect(codes).toHaveLength(10);
    await b.shot('staff-two-factor-codes-1280');
    await page.getByRole('link', { name: 'I have saved them' }).click();
    await page.getByText('Signing in asks for a code').waitFor();

    // Signing in again takes the password, then a recovery code (the current code was just used).
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${base}/admin/sign-in`);
    await page.getByLabel('Email').fill(INVITEE);
    await page.getByLabel('Password').fill('ivans own password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/admin/sign-in/code`);
    await page.getByLabel('Code').fill('000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That code is not right').waitFor();
    await b.shot('staff-sign-in-code-1280');
    await page.getByLabel('Code').fill(codes[0]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/admin`);
    expect(await page.locator('.whoami').textContent()).toContain('Ivan Invitee');
    expect(b.problems).toEqual([]);
    // Four password hashes and a dozen pages: slow when the machine is busy.
  }, 90_000);
});
