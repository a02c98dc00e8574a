// Drives Chromium through a client's message log: the Messages card on the staff client page,
// one email with its HTML in a sandboxed frame, and Resend, with JavaScript and without; the
// emails go through the real outbox, mail worker and an SMTP server in this process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { openBrowser, shotsOnFailure, type OpenBrowser } from '../helpers/browser.ts';
import { startMailWorker } from '../helpers/mail-worker.ts';
import { until } from '../helpers/wait.ts';
import { createApp } from '../../src/app.ts';
import { issuePasswordToken } from '../../src/modules/clients/issue-password-token.ts';
import { layoutEmailHtml } from '../../src/modules/mail/email-html.ts';
import { queueMail } from '../../src/modules/mail/queue-mail.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay, type Relay } from '../../src/queue/relay.ts';

const EMAIL = 'log-owner@example.com';
const PASSWORD = 'correct horse battery';
const TO = 'grace@log.example';

let m: Awaited<ReturnType<typeof startMailWorker>>;
let queues: ReturnType<typeof createQueues>;
let relay: Relay;
let t: TestApp;
let b: OpenBrowser;
let plain: OpenBrowser;
let clientId: number;
let welcomeId: number;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => m.db.orm.em.getConnection().execute<T[]>(q, p);
const em = () => m.db.orm.em.fork();
const sentCount = async () =>
  (await sql<{ n: number }>(`select count(*)::int as n from mail_message where client_id = ? and status = 'sent'`, [clientId]))[0]!.n;

shotsOnFailure('message-log', () => b?.page);

beforeAll(async () => {
  m = await startMailWorker('hblogui');
  queues = createQueues(m.redis, m.prefix, 200);
  relay = createRelay(m.db.orm, queues);
  t = { app: createApp({ orm: m.db.orm, config: m.config, relay }), orm: m.db.orm, config: m.config, em, close: async () => {} };
  await createStaff(em(), { email: EMAIL, password: PASSWORD, name: 'Lou Log', role: 'owner' });
  const [client] = await sql<{ id: number }>(
    `insert into client (email, name, country, currency) values (?, 'Grace Hopper', 'GB', 'GBP') returning id`,
    [TO],
  );
  clientId = client!.id;
  const [inv] = await sql<{ id: number }>(
    `insert into invoice (client_id, status, currency, subtotal, tax, total, tax_rate, due_date) values (?, 'unpaid', 'GBP', 10, 2, 12, 20, '2026-12-24') returning id`,
    [clientId],
  );
  await sql(`insert into invoice_line (invoice_id, kind, description, amount) values (?, 'package', 'VPS Small — Monthly', 10)`, [inv!.id]);
  await em().transactional((tx) =>
    issuePasswordToken(tx, { id: clientId, email: TO, name: 'Grace Hopper' }, 'set', {
      now: new Date(),
      baseUrl: 'https://billing.example.com',
    }),
  );
  welcomeId = await em().transactional((tx) =>
    queueMail(tx, {
      to: TO,
      subject: 'Welcome to VPS Small',
      html: layoutEmailHtml(
        '<h1>Your server is ready</h1><p>Sign in at <a href="https://panel.example.com">the panel</a> with the user <strong>grace</strong>.</p><p style="color:#b91c1c">Keep this email safe.</p>',
      ),
      text: 'Your server is ready\n\nSign in at the panel (https://panel.example.com) with the user grace.\n\nKeep this email safe.',
      attachments: [{ kind: 'invoice-pdf', invoiceId: inv!.id }],
      clientId,
      kind: 'welcome',
      dedupeKey: 'welcome:service:ui-1',
    }),
  );
  relay.kick();
  await until(async () => (await sentCount()) === 2, 20_000);
  b = await openBrowser(t);
  plain = await openBrowser(t, { javaScript: false });
});
afterAll(async () => {
  await b?.close();
  await plain?.close();
  await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
  await m?.close();
});

describe('a client message log in a real browser', () => {
  it('1. shows the Messages card on the client page: newest first, kind, status and the SMTP answer', async () => {
    await b.signIn(EMAIL, PASSWORD);
    await b.page.goto(`${b.base}/admin/clients/${clientId}`);
    const card = b.page.locator('#messages');
    await card.getByRole('heading', { name: 'Messages' }).waitFor();
    const rows = card.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const first = (await rows.nth(0).textContent()) ?? '';
    expect(first).toContain('Welcome to VPS Small');
    expect(first).toContain(TO);
    expect(first).toContain('sent');
    expect(first).toMatch(/250\b/);
    // Kinds as staff read them, not as stored (password-set).
    expect(await rows.nth(1).locator('td').nth(1).textContent()).toBe('Password set-up');
    expect(await rows.nth(0).locator('td').nth(1).textContent()).toBe('Welcome');
    await card.scrollIntoViewIfNeeded();
    await b.shot('message-log-01-client-page');
  });

  it('2. opens an email: headers, attachments, the text and the HTML in a sandboxed frame', async () => {
    await b.page.locator('#messages').getByRole('link', { name: 'Welcome to VPS Small' }).click();
    await b.page.waitForURL(`${b.base}/admin/messages/${welcomeId}`);
    await b.page.getByRole('heading', { name: 'Welcome to VPS Small', level: 1 }).waitFor();
    const main = (await b.page.locator('main').textContent()) ?? '';
    expect(main).toContain(`<mail-${welcomeId}@hostbill>`);
    expect(main).toContain(m.config.MAIL_FROM);
    expect(main).toContain('PDF of invoice');
    expect(main).toContain('Sign in at the panel (https://panel.example.com)');
    const frame = b.page.frameLocator('iframe[sandbox]');
    await frame.getByRole('heading', { name: 'Your server is ready' }).waitFor();
    // The email's own inline styles apply inside the frame (the page's CSP allows style attributes there).
    expect(await frame.getByText('Keep this email safe.').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(185, 28, 28)');
    expect(await b.page.locator('iframe[sandbox]').getAttribute('sandbox')).toBe('');
    await b.shot('message-log-02-message-page');
    expect(b.problems).toEqual([]);
  });

  it('3. Resend sends a copy: a flash, the copy listed under the email and on the client page', async () => {
    await b.page.getByRole('button', { name: 'Resend' }).click();
    await b.page.waitForURL(`${b.base}/admin/messages/${welcomeId}?done=resent`);
    await b.page.getByText(`A copy is on its way to ${TO}`).waitFor();
    const copies = b.page.locator('table:has(caption:text("Copies of this email")) tbody tr');
    expect(await copies.count()).toBe(1);
    expect(await copies.first().textContent()).toContain('Welcome to VPS Small');
    await b.shot('message-log-03-resent');
    await until(async () => (await sentCount()) === 3, 20_000);
    expect(m.smtp.received.filter((r) => r.subject === 'Welcome to VPS Small')).toHaveLength(2);
    await b.page.goto(`${b.base}/admin/clients/${clientId}`);
    expect(await b.page.locator('#messages tbody tr').count()).toBe(3);
    await b.page.locator('#messages').getByRole('link', { name: 'All messages' }).click();
    await b.page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    expect(await b.page.locator('#message-results tbody tr').count()).toBe(3);
    expect(await b.page.locator('#message-results').textContent()).toContain('3 emails');
    await b.shot('message-log-04-all-messages');
    expect(b.problems).toEqual([]);
  });

  it('4. Resend works without JavaScript', async () => {
    await plain.signIn(EMAIL, PASSWORD);
    await plain.page.goto(`${plain.base}/admin/messages/${welcomeId}`);
    await plain.page.getByRole('button', { name: 'Resend' }).click();
    await plain.page.waitForURL(`${plain.base}/admin/messages/${welcomeId}?done=resent`);
    await plain.page.getByText(`A copy is on its way to ${TO}`).waitFor();
    await until(async () => (await sentCount()) === 4, 20_000);
    expect(m.smtp.received.filter((r) => r.subject === 'Welcome to VPS Small')).toHaveLength(3);
    expect(plain.problems).toEqual([]);
  });
});
