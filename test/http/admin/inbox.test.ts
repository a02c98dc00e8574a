import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { inboxTransport } from '../../../src/modules/mail/inbox-transport.ts';

// The built-in mail inbox in the admin (/admin/inbox): the list, a message's HTML and text,
// attachment downloads, clearing it; no such page once SMTP_URL is set; junk ids are 404s.

let t: TestApp;
let owner: Client;
let support: Client;
const PDF = Buffer.from('%PDF-1.4\n% inbox test\n%%EOF\n', 'latin1');
const ids: Record<string, number> = {};

const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

beforeAll(async () => {
  // No SMTP_URL outside production: the inbox is where mail goes.
  t = await makeTestApp();
  owner = await staffClient(t, 'owner');
  support = await staffClient(t, 'support');
  const inbox = inboxTransport(() => t.em());
  const send = (n: number, subject: string, html: string, attachments: { filename: string; contentType: string; content: Buffer }[] = []) =>
    inbox.send({
      messageId: `<mail-${n}@hostbill>`,
      from: 'Hostbill <billing@localhost>',
      to: `client${n}@inbox.example`,
      subject,
      html,
      text: `Plain words of ${subject}`,
      attachments,
    });
  await send(1, 'Older welcome', '<p>Old</p>');
  await sql(`update dev_inbox_message set received_at = now() - interval '1 hour'`);
  await send(2, 'Invoice #7 is ready', '<h1>Invoice</h1><script>window.parent.pwned = 1</script>', [
    { filename: 'Rechnung Ü 7.pdf', contentType: 'application/pdf', content: PDF },
  ]);
  for (const r of await sql<{ id: number; subject: string }>('select id, subject from dev_inbox_message'))
    ids[r.subject.startsWith('Older') ? 'old' : 'invoice'] = r.id;
});
afterAll(() => t.close());

describe('the inbox list', () => {
  it('lists messages newest first with to, subject, time and attachment count, for every staff role', async () => {
    for (const who of [owner, support]) {
      const res = await who.get('/admin/inbox');
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('2 messages');
      expect(html.indexOf('Invoice #7 is ready')).toBeLessThan(html.indexOf('Older welcome'));
      expect(html).toContain('client2@inbox.example');
      expect(html).toMatch(/<td class="num">1<\/td><td class="num nowrap">28 B<\/td>/);
      expect(html).toContain(`href="/admin/inbox/${ids.invoice}"`);
    }
  });

  it('searches and pages, and says what is wrong with junk filters (422, never a 500)', async () => {
    const found = await (await owner.get('/admin/inbox?q=welcome')).text();
    expect(found).toContain('1 message');
    // The date range is of when mail arrived here.
    expect(found).toContain('>Received from</label>');
    expect(found).not.toContain('Invoice #7');
    const paged = await (await owner.get('/admin/inbox?perPage=1&page=2')).text();
    expect(paged).toContain('Older welcome');
    expect(paged).not.toContain('Invoice #7 is ready</a>');
    const junk = await owner.get('/admin/inbox?page=abc&from=yesterday');
    expect(junk.status).toBe(422);
    expect(await junk.text()).toContain('2 messages');
  });

  it('is linked from the menu while it is where mail goes', async () => {
    expect(await (await owner.get('/admin')).text()).toContain('href="/admin/inbox"');
  });
});

describe('a message', () => {
  it('shows its HTML only inside a sandboxed frame, never on the page itself', async () => {
    const res = await owner.get(`/admin/inbox/${ids.invoice}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('client2@inbox.example');
    expect(html).toContain('&lt;mail-2@hostbill&gt;');
    expect(html).toMatch(/<iframe sandbox="" srcdoc="&lt;h1&gt;Invoice&lt;\/h1&gt;&lt;script&gt;/);
    expect(html).not.toContain('<script>window.parent.pwned');
    expect(html).not.toContain('Plain words of');
    // Emails are styled inline: the frame inherits the page's CSP, which allows style attributes, and no script.
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("style-src-attr 'unsafe-inline'");
    expect(csp).toContain("script-src 'self'");
  });

  it('shows its text version on the Text tab', async () => {
    const html = await (await owner.get(`/admin/inbox/${ids.invoice}?view=text`)).text();
    expect(html).toContain('<pre class="preview-text">Plain words of Invoice #7 is ready</pre>');
    expect(html).not.toContain('<iframe');
    expect(html).toMatch(/href="\/admin\/inbox\/\d+\?view=text" aria-current="page"/);
  });

  it('downloads an attachment with its bytes, type and name', async () => {
    const res = await support.get(`/admin/inbox/${ids.invoice}/attachments/1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Rechnung _ 7.pdf"; filename*=UTF-8''Rechnung%20%C3%9C%207.pdf`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('answers junk and missing ids with 404, never a 500', async () => {
    for (const path of [
      '/admin/inbox/abc',
      '/admin/inbox/0',
      '/admin/inbox/-1',
      '/admin/inbox/99999999',
      '/admin/inbox/1e3',
      `/admin/inbox/99999999999999999999`,
      `/admin/inbox/${ids.invoice}/attachments/0`,
      `/admin/inbox/${ids.invoice}/attachments/2`,
      `/admin/inbox/${ids.invoice}/attachments/-1`,
      `/admin/inbox/${ids.invoice}/attachments/x`,
      `/admin/inbox/${ids.old}/attachments/1`,
      '/admin/inbox/x/attachments/1',
    ]) {
      const res = await owner.get(path);
      expect(res.status, path).toBe(404);
    }
  });
});

describe('clearing the inbox', () => {
  it('is refused to support and without the CSRF token', async () => {
    expect((await support.post('/admin/inbox/clear')).status).toBe(403);
    expect((await owner.request('/admin/inbox/clear', { method: 'POST', form: { _csrf: 'wrong' } })).status).toBe(403);
    const [{ n }] = (await sql<{ n: number }>('select count(*)::int as n from dev_inbox_message')) as [{ n: number }];
    expect(n).toBe(2);
  });

  it('empties it for staff who may write', async () => {
    const res = await owner.post('/admin/inbox/clear');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/inbox?done=cleared');
    const html = await (await owner.get('/admin/inbox?done=cleared')).text();
    expect(html).toContain('The inbox is empty.');
    expect(html).toContain('0 messages');
    expect(await sql('select id from dev_inbox_message')).toHaveLength(0);
  });
});

describe('with SMTP_URL set', () => {
  let real: TestApp;
  beforeAll(async () => {
    real = await makeTestApp({ SMTP_URL: 'smtp://127.0.0.1:2525' });
  });
  afterAll(() => real.close());

  it('has no inbox page and no menu link', async () => {
    const staff = await staffClient(real, 'owner');
    for (const path of ['/admin/inbox', '/admin/inbox/1', '/admin/inbox/1/attachments/1'])
      expect((await staff.get(path)).status, path).toBe(404);
    expect((await staff.post('/admin/inbox/clear')).status).toBe(404);
    expect(await (await staff.get('/admin')).text()).not.toContain('href="/admin/inbox"');
  });
});
