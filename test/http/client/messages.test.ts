// The client's emails in the client area: the list (their own only, newest first, a page at a
// time) and one email as sent, its HTML in a sandboxed frame; another client's email, staff mail
// and junk ids are 404s, and an email still holding a one-use link shows no body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { shopper } from '../store/helpers.ts';
import { Browser, sql } from './helpers.ts';

let t: TestApp;
let ada: Awaited<ReturnType<typeof shopper>>;
let bob: Awaited<ReturnType<typeof shopper>>;

async function addMail(
  clientId: number | null,
  subject: string,
  at: string,
  extra: { html?: string; text?: string; secret?: string; status?: string; kind?: string; attachments?: unknown[] } = {},
) {
  const [row] = await sql<{ id: number }>(
    t,
    `insert into mail_message (dedupe_key, client_id, kind, "to", subject, html, text, status, created_at, secret, attachments)
     values (?, ?, ?, 'ada@example.com', ?, ?, ?, ?, ?, ?, ?::jsonb) returning id`,
    [
      `msg-test-${clientId}-${subject}-${at}`,
      clientId,
      extra.kind ?? 'other',
      subject,
      extra.html ?? `<p>Hello from <b>${subject}</b></p>`,
      extra.text ?? `Hello from ${subject}`,
      extra.status ?? 'sent',
      at,
      extra.secret ?? null,
      JSON.stringify(extra.attachments ?? []),
    ],
  );
  return Number(row!.id);
}

beforeAll(async () => {
  t = await makeTestApp();
  await seedBasics(t);
  ada = await shopper(t);
  bob = await shopper(t);
});
afterAll(() => t.close());

const subjects = (html: string) => [...html.matchAll(/<a href="\/account\/messages\/(\d+)">([^<]+)<\/a>/g)].map((m) => m[2]);

describe('the client message list', () => {
  it('lists only their own emails, newest first, a page at a time', async () => {
    for (let i = 1; i <= 27; i++)
      await addMail(ada.id, `Ada note ${String(i).padStart(2, '0')}`, `2026-11-${String(i).padStart(2, '0')}T08:00:00Z`);
    await addMail(bob.id, 'Bob only', '2026-11-30T08:00:00Z');
    await addMail(null, 'Staff only', '2026-11-30T09:00:00Z');

    const first = await ada.b.get('/account/messages');
    expect(first.status).toBe(200);
    const html = await textOf(first);
    expect(html).toMatch(/<a href="\/account\/messages" aria-current="page">Messages<\/a>/);
    const shown = subjects(html);
    expect(shown).toHaveLength(25);
    expect(shown[0]).toBe('Ada note 27');
    expect(shown[24]).toBe('Ada note 03');
    expect(html).not.toContain('Bob only');
    expect(html).not.toContain('Staff only');
    expect(html).toContain('href="/account/messages?page=2"');

    const second = await textOf(await ada.b.get('/account/messages?page=2'));
    expect(subjects(second)).toEqual(['Ada note 02', 'Ada note 01']);
    expect(await textOf(await ada.b.get('/account/messages?page=9'))).toContain('No emails on this page.');
  });

  it('says an email is on its way or not delivered, and nothing once sent', async () => {
    const fresh = await shopper(t);
    await addMail(fresh.id, 'Queued one', '2026-11-02T08:00:00Z', { status: 'queued' });
    await addMail(fresh.id, 'Failed one', '2026-11-01T08:00:00Z', { status: 'failed' });
    const html = await textOf(await fresh.b.get('/account/messages'));
    expect(html).toMatch(/Queued one<\/a><span class="muted small"> · on its way<\/span>/);
    expect(html).toMatch(/Failed one<\/a><span class="muted small"> · not delivered<\/span>/);
    const none = await shopper(t);
    expect(await textOf(await none.b.get('/account/messages'))).toContain('No emails sent to you yet.');
  });

  it('refuses a junk page number with a message, not an error', async () => {
    for (const q of ['page=abc', 'page=-1', 'page=0', 'page=1e9', 'page=2.5']) {
      const res = await ada.b.get(`/account/messages?${q}`);
      expect(res.status, q).toBe(422);
      expect(await textOf(res), q).toMatch(/<h1>Not possible<\/h1><p>(Enter a page number|Use 1 or more|Use at most 100000)\.<\/p>/);
    }
  });

  it('is for signed-in clients only', async () => {
    const res = await new Browser(t).get('/account/messages');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/account\/sign-in/);
  });
});

describe('one email', () => {
  it('shows the email as sent: its HTML in a sandboxed frame, its text, where it went', async () => {
    const id = await addMail(ada.id, 'Your VPS is ready', '2026-12-01T08:00:00Z', {
      html: '<p onclick="x()">Ready <script>alert(1)</script>"quoted"</p>',
      text: 'Ready, plain',
    });
    const res = await ada.b.get(`/account/messages/${id}`);
    expect(res.status).toBe(200);
    const raw = await res.text();
    const html = raw
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
    expect(html).toContain('<h1>Your VPS is ready</h1>');
    expect(html).toContain('<dd>ada@example.com</dd>');
    expect(html).toContain('<dd>2026-12-01</dd>');
    // The email's HTML only inside srcdoc (escaped), in a frame that runs nothing.
    expect(html).toContain('sandbox=""');
    expect(raw).toContain(
      'srcdoc="&lt;p onclick=&quot;x()&quot;&gt;Ready &lt;script&gt;alert(1)&lt;/script&gt;&quot;quoted&quot;&lt;/p&gt;"',
    );
    expect(raw).not.toContain('<script>alert(1)');
    // Emails are styled inline: this page, and only it, lets style attributes apply (the frame inherits its CSP); never scripts.
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src-attr 'unsafe-inline'");
    expect(csp).toContain("script-src 'self'");
    expect((await ada.b.get('/account/messages')).headers.get('content-security-policy')).not.toContain('style-src-attr');
    expect(html).toContain('<pre class="preview-text">Ready, plain</pre>');
  });

  it("is a 404 for another client's email, staff mail, and ids that are not ids", async () => {
    const bobs = await addMail(bob.id, 'For Bob', '2026-12-01T08:00:00Z');
    const staff = await addMail(null, 'For staff', '2026-12-01T08:00:00Z');
    for (const path of [
      `/account/messages/${bobs}`,
      `/account/messages/${staff}`,
      '/account/messages/abc',
      '/account/messages/-1',
      '/account/messages/99999999999999999999',
    ]) {
      const res = await ada.b.get(path);
      expect(res.status, path).toBe(404);
      const html = await textOf(res);
      expect(html, path).not.toContain('For Bob');
      expect(html, path).not.toContain('For staff');
    }
    expect((await bob.b.get(`/account/messages/${bobs}`)).status).toBe(200);
  });

  it('shows no body while the email still holds its one-use link', async () => {
    const id = await addMail(ada.id, 'Reset your password', '2026-12-02T08:00:00Z', {
      kind: 'password-reset',
      secret: 'tok-SECRET-123',
      status: 'queued',
      html: '<a href="https://x/reset/tok-SECRET-123">Reset</a>',
      text: 'https://x/reset/tok-SECRET-123',
    });
    const html = await textOf(await ada.b.get(`/account/messages/${id}`));
    expect(html).toContain('<h1>Reset your password</h1>');
    expect(html).toContain('id="message-withheld"');
    expect(html).not.toContain('tok-SECRET-123');
    expect(html).not.toContain('<iframe');
  });

  it('links what it attached to the client’s own documents', async () => {
    const id = await addMail(ada.id, 'Invoice attached', '2026-12-03T08:00:00Z', {
      attachments: [
        { kind: 'invoice-pdf', invoiceId: 4242 },
        { kind: 'credit-note-pdf', creditNoteId: 77 },
      ],
    });
    const html = await textOf(await ada.b.get(`/account/messages/${id}`));
    expect(html).toContain('<a href="/account/invoices/4242">Invoice #4242</a>');
    expect(html).toContain('<a href="/account/credit-notes/77/pdf">Credit note #77 (PDF)</a>');
  });
});
