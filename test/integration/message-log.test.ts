import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, apiToken, type TestApp } from '../helpers/app.ts';
import { startMailWorker } from '../helpers/mail-worker.ts';
import { until } from '../helpers/wait.ts';
import { apiCaller, expectApiError } from '../http/api/helpers.ts';
import { createApp } from '../../src/app.ts';
import { issuePasswordToken } from '../../src/modules/clients/issue-password-token.ts';
import { queueWelcomeEmail } from '../../src/modules/services/queue-welcome-email.ts';
import { makePackage, seedBasics } from '../http/fixtures.ts';
import { listClientMessages } from '../../src/modules/mail/list-client-messages.ts';
import { resendMail } from '../../src/modules/mail/resend-mail.ts';
import { queueMail } from '../../src/modules/mail/queue-mail.ts';
import { sendMail } from '../../src/modules/mail/send-mail.ts';
import { smtpTransport } from '../../src/modules/mail/transport.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { createRelay, type Relay } from '../../src/queue/relay.ts';

// A client's message log through the real pipeline: the outbox hands each email to the mail
// worker, which sends it to an SMTP server in this process and records what the server answered.

let m: Awaited<ReturnType<typeof startMailWorker>>;
let queues: ReturnType<typeof createQueues>;
let relay: Relay;
let t: TestApp;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => m.db.orm.em.getConnection().execute<T[]>(q, p);
const em = () => m.db.orm.em.fork();
const receivedBy = (to: string) => m.smtp.received.filter((r) => r.to.includes(to));

async function newClient(email: string) {
  const [c] = await sql<{ id: number }>(
    `insert into client (email, name, country, currency) values (?, 'Ada Log', 'GB', 'GBP') returning id`,
    [email],
  );
  return { id: c!.id, email, name: 'Ada Log' };
}

async function passwordMail(client: { id: number; email: string; name: string }) {
  await em().transactional((tx) => issuePasswordToken(tx, client, 'set', { now: new Date(), baseUrl: 'https://billing.example.com' }));
  relay.kick();
}

/** An email with nothing secret in it (a password link works once and is not kept, so it is never resent). */
async function noticeMail(client: { id: number; email: string; name: string }) {
  await em().transactional((tx) =>
    queueMail(tx, {
      to: client.email,
      subject: 'Planned maintenance',
      html: '<p>Tonight, 22:00 UTC.</p>',
      text: 'Tonight, 22:00 UTC.',
      clientId: client.id,
      kind: 'notice',
      dedupeKey: `notice:${client.id}`,
    }),
  );
  relay.kick();
}

const sentLog = (clientId: number, n: number) =>
  until(async () => (await listClientMessages(em(), clientId, { limit: 10 })).filter((r) => r.status === 'sent').length >= n, 20_000);

beforeAll(async () => {
  m = await startMailWorker('hblog');
  queues = createQueues(m.redis, m.prefix, 200);
  relay = createRelay(m.db.orm, queues);
  const app = createApp({ orm: m.db.orm, config: m.config, relay });
  t = { app, orm: m.db.orm, config: m.config, em, close: async () => {} };
});
afterAll(async () => {
  await Promise.all(Object.values(queues).map((q) => q.close()));
  await m.close();
});

describe('a client message log', () => {
  it('lists a password email as sent, with its kind, address and the SMTP answer', async () => {
    const client = await newClient('ada@log.example');
    await passwordMail(client);
    await sentLog(client.id, 1);
    const [row] = await listClientMessages(em(), client.id, { limit: 10 });
    expect(row).toMatchObject({ kind: 'password-set', to: 'ada@log.example', status: 'sent', lastError: null, attempts: 1 });
    expect(row!.smtpResponse).toMatch(/^250\b/);
    expect(receivedBy('ada@log.example')).toHaveLength(1);
  });

  it("lists a service's welcome email as sent, with its kind, to the client it was for", async () => {
    const client = await newClient('welcome@log.example');
    const { catalogId } = await seedBasics(t);
    const packageId = await makePackage(t, catalogId, 'Log VPS');
    await sql(
      `insert into welcome_email (package_id, language, subject, html, text) values (?, 'en', 'Welcome to {package.name}', '<p>Hello {client.name}</p>', 'Hello {client.name}')`,
      [packageId],
    );
    const [service] = await sql<{ id: number }>(
      `insert into service (client_id, package_id, status) values (?, ?, 'active') returning id`,
      [client.id, packageId],
    );
    expect(await em().transactional((tx) => queueWelcomeEmail(tx, service!.id))).toBe(true);
    relay.kick();
    await sentLog(client.id, 1);
    const [row] = await listClientMessages(em(), client.id, { limit: 10 });
    expect(row).toMatchObject({
      kind: 'welcome',
      to: 'welcome@log.example',
      subject: 'Welcome to Log VPS',
      status: 'sent',
      lastError: null,
    });
    expect(row!.smtpResponse).toMatch(/^250\b/);
  });

  it('shows an email the SMTP server refuses as failed, with the server code and words', async () => {
    const client = await newClient('bounce@log.example');
    m.smtp.failNext(1000, 'bounce@log.example');
    await passwordMail(client);
    let failed;
    await until(async () => {
      [failed] = await listClientMessages(em(), client.id, { limit: 1 });
      return failed?.status === 'failed';
    }, 20_000);
    expect(failed).toMatchObject({ kind: 'password-set', to: 'bounce@log.example', status: 'failed', smtpResponse: null });
    expect(failed!.lastError).toContain('451');
    expect(failed!.lastError).toContain('Try again later');
    m.smtp.failNext(0);
  });

  it('keeps no usable password link once sent, and refuses to send the dead link again', async () => {
    const client = await newClient('once@log.example');
    await passwordMail(client);
    await sentLog(client.id, 1);
    const [original] = await listClientMessages(em(), client.id, { limit: 10 });
    const [row] = await sql<{ text: string; secret: string | null }>('select text, secret from mail_message where id = ?', [original!.id]);
    expect(row!.secret).toBeNull();
    expect(row!.text).toMatch(/\/account\/reset-password\?token=removed-once-sent\s/);
    const delivered = receivedBy('once@log.example')[0]!
      .raw.replace(/=\r?\n/g, '')
      .replace(/=3D/g, '=');
    const token = /reset-password\?token=([\w-]{20,})/.exec(delivered)![1]!;
    expect(JSON.stringify(await sql('select * from mail_message where id = ?', [original!.id]))).not.toContain(token);
    await expect(resendMail(em(), original!.id)).rejects.toThrow('send a new password or invitation link instead');
  });

  it('resends a copy once: the SMTP server gets a second email and the log shows both', async () => {
    const client = await newClient('again@log.example');
    await noticeMail(client);
    await sentLog(client.id, 1);
    const [original] = await listClientMessages(em(), client.id, { limit: 10 });
    const copy = await resendMail(em(), original!.id);
    relay.kick();
    await sentLog(client.id, 2);
    const log = await listClientMessages(em(), client.id, { limit: 10 });
    expect(log.map((r) => r.id)).toEqual([copy.id, original!.id]);
    expect(log[0]).toMatchObject({ kind: 'notice', to: 'again@log.example', subject: original!.subject, status: 'sent' });
    const [stored] = await sql<{ resent_from: number; client_id: number; html: string }>(
      'select resent_from, client_id, html from mail_message where id = ?',
      [copy.id],
    );
    expect(stored).toMatchObject({ resent_from: original!.id, client_id: client.id });
    // The job run again sends nothing more.
    expect(await sendMail(em(), smtpTransport(m.smtp.url), copy.id, m.config.MAIL_FROM, new Date())).toBe('already-sent');
    await new Promise((r) => setTimeout(r, 300));
    expect(receivedBy('again@log.example')).toHaveLength(2);
  });

  it('names the invoices an email attaches by their numbers on the staff page (a draft, which has none, by its id)', async () => {
    const client = await newClient('numbers@log.example');
    const invoice = async (number: string | null) =>
      (
        await sql<{ id: number }>(
          `insert into invoice (client_id, status, currency, subtotal, tax, total, due_date, number) values (?, ?, 'GBP', 10, 0, 10, '2026-12-24', ?) returning id`,
          [client.id, number ? 'unpaid' : 'draft', number],
        )
      )[0]!.id;
    const issued = await invoice(`INV-LOG-${client.id}`);
    const draft = await invoice(null);
    const mailId = await em().transactional((tx) =>
      queueMail(tx, {
        to: client.email,
        subject: 'Your invoices',
        html: '<p>Attached.</p>',
        text: 'Attached.',
        clientId: client.id,
        kind: 'invoice',
        dedupeKey: `numbers:${client.id}`,
        attachments: [
          { kind: 'invoice-pdf', invoiceId: issued },
          { kind: 'invoice-pdf', invoiceId: draft },
        ],
      }),
    );
    // Only its page is looked at here: it is never handed to the mail worker.
    await sql(`update outbox set processed_at = now() where dedupe_key = ?`, [`send-mail:${mailId}`]);
    await createStaff(em(), { email: 'numbers@log.example', password: 'correct horse battery', name: 'Owner', role: 'owner' });
    const staff = new Client(t);
    await staff.signIn('numbers@log.example', 'correct horse battery');
    const html = await (await staff.get(`/admin/messages/${mailId}`)).text();
    expect(html).toContain(`<a href="/admin/invoices/${issued}">PDF of invoice INV-LOG-${client.id}</a>`);
    expect(html).toContain(`<a href="/admin/invoices/${draft}">PDF of invoice #${draft}</a>`);
    // What it is, as staff read it.
    expect(html).toMatch(/<dt>What<\/dt><dd>Invoice<\/dd>/);
    const log = await (await staff.get(`/admin/clients/${client.id}/messages`)).text();
    expect(log).toContain('<td class="nowrap">Invoice</td>');
  });

  it('is shown to staff and resent from the admin and the API; junk ids are 404s', async () => {
    const client = await newClient('web@log.example');
    await noticeMail(client);
    await sentLog(client.id, 1);
    const [original] = await listClientMessages(em(), client.id, { limit: 10 });
    await createStaff(em(), { email: 'owner@log.example', password: 'correct horse battery', name: 'Owner', role: 'owner' });
    const staff = new Client(t);
    await staff.signIn('owner@log.example', 'correct horse battery');

    const page = await (await staff.get(`/admin/clients/${client.id}`)).text();
    expect(page).toContain('Messages');
    expect(page).toContain(`href="/admin/messages/${original!.id}"`);
    const all = await staff.get(`/admin/clients/${client.id}/messages?perPage=1`);
    expect(all.status).toBe(200);
    expect(await all.text()).toContain('1 email');
    const shown = await staff.get(`/admin/messages/${original!.id}`);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('<iframe sandbox=""');
    expect(html).toContain(`&lt;mail-${original!.id}@hostbill&gt;`);
    expect(shown.headers.get('content-security-policy')).toContain("style-src-attr 'unsafe-inline'");

    const res = await staff.post(`/admin/messages/${original!.id}/resend`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/messages/${original!.id}?done=resent`);
    await sentLog(client.id, 2);
    expect(await (await staff.get(`/admin/messages/${original!.id}?done=resent`)).text()).toContain(
      'A copy is on its way to web@log.example',
    );
    // A POST without the CSRF token changes nothing.
    expect((await staff.post(`/admin/messages/${original!.id}/resend`, { _csrf: 'wrong' })).status).toBe(403);

    for (const junk of ['0', '-1', 'abc', '99999999', '1e3', '9999999999999']) {
      expect((await staff.get(`/admin/messages/${junk}`)).status, junk).toBe(404);
      expect((await staff.post(`/admin/messages/${junk}/resend`)).status, junk).toBe(404);
      expect((await staff.get(`/admin/clients/${junk}/messages`)).status, junk).toBe(404);
    }
    expect((await staff.get(`/admin/clients/${client.id}/messages?page=abc`)).status).toBe(422);

    // Support staff read the log but send nothing.
    await createStaff(em(), { email: 'support@log.example', password: 'correct horse battery', name: 'Support', role: 'support' });
    const reader = new Client(t);
    await reader.signIn('support@log.example', 'correct horse battery');
    const readOnly = await (await reader.get(`/admin/messages/${original!.id}`)).text();
    expect(readOnly).toContain('web@log.example');
    expect(readOnly).not.toContain('/resend"');
    expect((await reader.post(`/admin/messages/${original!.id}/resend`)).status).toBe(403);

    const token = await apiToken(t);
    const api = apiCaller(
      () => t,
      () => token,
    );
    const listed = await api('GET', `/clients/${client.id}/messages`);
    expect(listed.status).toBe(200);
    expect(listed.json.meta).toMatchObject({ total: 2, page: 1 });
    expect(listed.json.data[0]).toMatchObject({ kind: 'notice', to: 'web@log.example', status: 'sent' });
    const resent = await api('POST', `/messages/${original!.id}/resend`);
    expect(resent.status).toBe(202);
    expect(resent.json.data).toMatchObject({ to: 'web@log.example' });
    await sentLog(client.id, 3);
    expect(receivedBy('web@log.example')).toHaveLength(3);
    for (const junk of ['0', 'abc', '99999999', '9999999999999']) {
      expectApiError(await api('GET', `/clients/${junk}/messages`), 404);
      expectApiError(await api('POST', `/messages/${junk}/resend`), 404);
    }
    expectApiError(await api('GET', `/clients/${client.id}/messages?perPage=1000`), 422, 'perPage');
    const support = await apiToken(t, 'support');
    expectApiError(await api('POST', `/messages/${original!.id}/resend`, undefined, { token: support }), 403);
  });
});
