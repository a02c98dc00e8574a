// Drives Chromium through the staff page of background work that failed: reached from the menu,
// a retry done through htmx without a reload, then the same without JavaScript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

const EMAIL = 'jobs-owner@example.com';
const PASSWORD = 'correct horse battery';

let t: TestApp;
let b: OpenBrowser;
let plain: OpenBrowser;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

async function failedMail(n: number, subject: string, error: string) {
  const [mail] = await sql<{ id: number }>(
    `insert into mail_message (dedupe_key, "to", subject, html, text, status, attempts, last_error) values (?, ?, ?, '<p>x</p>', 'x', 'failed', 13, ?) returning id`,
    [`bw:${n}`, `client${n}@example.com`, subject, error],
  );
  const [row] = await sql<{ id: number }>(
    `insert into outbox (queue, job, payload, dedupe_key, enqueued_at, failed_at, last_error) values ('mail', 'send-mail', ?, ?, now(), now() - (? * interval '1 minute'), ?) returning id`,
    [JSON.stringify({ mailId: mail!.id }), `send-mail:bw:${n}`, n, error],
  );
  return row!.id;
}

beforeAll(async () => {
  t = await makeTestApp();
  await createStaff(t.em(), { email: EMAIL, password: PASSWORD, name: 'Jo Jobs', role: 'owner' });
  await failedMail(1, 'Invoice #1042 is ready', 'connect ECONNREFUSED 127.0.0.1:1025');
  await failedMail(2, 'Welcome to VPS Small', 'Greeting never received');
  await sql(
    `insert into outbox (queue, job, payload, dedupe_key, enqueued_at, processed_at, failed_at, last_error, gave_up)
     values ('provisioning', 'provision-service', '{"serviceId": 31}', 'provision:service:31', now(), now(), now() - interval '1 hour', 'The endpoint refused create: 400 Bad Request.', true)`,
  );
  b = await openBrowser(t);
  plain = await openBrowser(t, { javaScript: false });
});
afterAll(async () => {
  await b?.close();
  await plain?.close();
  await t?.close();
});

describe('background work in a real browser', () => {
  it('1. reaches Jobs from the menu and sees what failed, why, and when it goes again', async () => {
    await b.signIn(EMAIL, PASSWORD);
    await b.mark();
    await b.settled(() => b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click());
    await b.page.getByRole('heading', { name: 'Background work', level: 1 }).waitFor();
    expect(await b.marked(), 'the boosted menu link kept the page').toBe(true);
    const rows = b.page.locator('#work-results tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).textContent()).toContain('Invoice #1042 is ready');
    expect(await rows.nth(0).textContent()).toContain('connect ECONNREFUSED 127.0.0.1:1025');
    expect(await rows.nth(0).textContent()).toContain('next try');
    expect(await rows.nth(2).textContent()).toContain('Gave up');
    await b.shot('jobs-01-failed-work');
  });

  it('2. retries one through htmx: the list updates in place, the row is handed over again', async () => {
    await b.mark();
    await b.settled(() => b.page.locator('#work-results tbody tr').first().getByRole('button', { name: 'Retry now' }).click());
    expect(await b.marked()).toBe(true);
    expect(await b.page.locator('#work-results .notice.ok').textContent()).toMatch(/^Work #\d+ was handed to the workers again\.$/);
    expect(await b.page.locator('#work-results tbody tr').count()).toBe(2);
    expect(
      await sql(`select 1 from outbox where dedupe_key = 'send-mail:bw:1' and attempt = 1 and failed_at is null and enqueued_at is null`),
    ).toHaveLength(1);
    await b.page.goto(`${b.base}/admin/work?state=gave-up`);
    expect(await b.page.locator('#work-results tbody tr').count()).toBe(1);
    await b.shot('jobs-02-after-retry');
    expect(b.problems).toEqual([]);
  });

  it('3. without JavaScript, retry is a plain form post that lands back on the list', async () => {
    await plain.signIn(EMAIL, PASSWORD);
    await plain.page.goto(`${plain.base}/admin/work?state=retrying`);
    await plain.page.getByRole('button', { name: 'Retry now' }).click();
    await plain.page.waitForURL(/\/admin\/work\?state=retrying&retried=\d+$/);
    expect(await plain.page.locator('.notice.ok').textContent()).toMatch(/was handed to the workers again/);
    expect(await plain.page.getByText('Nothing has failed that is waiting to be retried.').count()).toBe(1);
    await plain.shot('jobs-03-no-js');
    expect(plain.problems).toEqual([]);
  });
});
