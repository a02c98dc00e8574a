// The welcome email editor's endpoints: "Generate from HTML" and "Send a test to me", with htmx
// (fragments) and without (whole pages); junk is refused with the message by its field, and a
// refusal stores nothing, loses nothing saved and sends nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, staffClient, type Client, type TestApp } from '../../helpers/app.ts';
import { savePluginInstance } from '../../../src/modules/plugins/save-plugin-instance.ts';
import { setPackageProvisioning } from '../../../src/modules/catalog/set-package-provisioning.ts';
import { makePackage, seedBasics, snapshot, textOf } from '../fixtures.ts';

let t: TestApp;
let owner: Client;
let ownerEmail: string;
let catalogId: number;
let n = 0;
const newPackage = () => makePackage(t, catalogId, `Editor package ${++n}`);
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

/** Everything a refused request must leave alone: the catalog rows, the mail and the outbox. */
const everything = async () =>
  JSON.stringify([await snapshot(t), await sql('select * from mail_message order by id'), await sql('select * from outbox order by id')]);

const DRAFT = {
  language: 'en',
  subject: 'Welcome {client.name}',
  html: '<h1>Ready</h1><div>Hello <strong>{client.name}</strong>, log in at {webhook.server}.<br>Thanks</div>',
  text: '',
};

beforeAll(async () => {
  t = await makeTestApp();
  ({ catalogId } = await seedBasics(t));
  owner = await staffClient(t, 'owner');
  [{ email: ownerEmail }] = (await sql<{ email: string }>(`select email from staff where role = 'owner' order by id desc limit 1`)) as [
    { email: string },
  ];
});
afterAll(() => t.close());

describe('Generate from HTML', () => {
  it('answers htmx with the text field and the preview, tags kept, storing nothing', async () => {
    const id = await newPackage();
    const before = await everything();
    const res = await owner.post(`/admin/packages/${id}/email/text`, DRAFT, { htmx: true });
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toMatch(/^<div id="email-text-field">/);
    expect(html).toContain('Ready\n\nHello {client.name}, log in at {webhook.server}.\nThanks</textarea>');
    expect(html).toContain('Made from the HTML body');
    // The preview comes along out of band, showing the new text with sample values.
    expect(html).toContain('<div id="email-preview" class="email-preview" aria-live="polite" hx-swap-oob="true">');
    expect(html).toContain('<pre class="preview-text">Ready\n\nHello Ada Lovelace, log in at {webhook.server}.\nThanks</pre>');
    expect(await everything()).toBe(before);
  });

  it('fills {package.name} with the package being edited, not the sample package', async () => {
    const id = await newPackage();
    const res = await owner.post(
      `/admin/packages/${id}/email/text`,
      { ...DRAFT, html: '<p>Your {package.name} is ready.</p>' },
      { htmx: true },
    );
    expect(await textOf(res)).toContain(`<pre class="preview-text">Your Editor package ${n} is ready.</pre>`);
  });

  it('answers a form post without JavaScript with the whole page: the draft kept, the text filled in', async () => {
    const id = await newPackage();
    const res = await owner.post(`/admin/packages/${id}/email/text`, DRAFT);
    expect(res.status).toBe(200);
    const page = await textOf(res);
    expect(page).toContain('<nav class="tabs"');
    expect(page).toContain(`value="${DRAFT.subject}"`);
    expect(page).toContain(`>${DRAFT.html}</textarea>`);
    expect(page).toContain('Ready\n\nHello {client.name}');
    expect((await sql('select * from welcome_email where package_id = ?', [id])).length).toBe(0);
  });

  it('refuses an HTML body over the limit with 422 and the message, storing nothing', async () => {
    const id = await newPackage();
    const before = await everything();
    const huge = { ...DRAFT, html: `<div>${'x'.repeat(100_001)}</div>` };
    const hx = await owner.post(`/admin/packages/${id}/email/text`, huge, { htmx: true });
    expect(hx.status).toBe(422);
    expect(await textOf(hx)).toContain('role="alert"');
    const page = await owner.post(`/admin/packages/${id}/email/text`, huge);
    expect(page.status).toBe(422);
    expect(await textOf(page)).toMatch(/<p class="error" id="f-html-error" role="alert">[^<]+<\/p>/);
    expect(await everything()).toBe(before);
  });
});

describe('Send a test to me', () => {
  it('queues the draft with sample values to the signed-in staff member, laid out as sent', async () => {
    const id = await newPackage();
    const hook = await savePluginInstance(
      t.em(),
      undefined,
      { plugin: 'webhook', name: `Panel ${id}`, settings: { url: 'http://127.0.0.1:9/x', signingSecret: 's' } },
      t.config.APP_SECRET,
    );
    await setPackageProvisioning(t.em(), id, { pluginInstanceId: hook.id, options: { plan: 'p' } });
    const catalog = await snapshot(t);
    const res = await owner.post(
      `/admin/packages/${id}/email/test`,
      {
        ...DRAFT,
        html: `${DRAFT.html}<script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">Go</a>`,
        text: 'Hi {client.name}',
      },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    expect(await textOf(res)).toContain(`A test with the sample values is on its way to ${ownerEmail}.`);
    const [mail] = await sql<{ id: string; to: string; subject: string; html: string; text: string; status: string; dedupe_key: string }>(
      `select * from mail_message where "to" = ? order by id desc limit 1`,
      [ownerEmail],
    );
    expect(mail).toMatchObject({ to: ownerEmail, subject: '[Test] Welcome Ada Lovelace', text: 'Hi Ada Lovelace', status: 'queued' });
    // The plugin's tags are filled in too, and the email CSS is inlined.
    expect(mail!.html).toMatch(/^<div class="email-body" style="font-family: Arial[^"]*"><h1 style="font-size: 22px;[^"]*">Ready<\/h1>/);
    expect(mail!.html).toContain('Hello <strong>Ada Lovelace</strong>, log in at eu1.example.net.<br>Thanks');
    expect(mail!.html).toContain('>Go</a>');
    for (const banned of ['<script', 'alert(', 'javascript:', 'onclick']) expect(mail!.html).not.toContain(banned);
    // Sent through the outbox like every other email, after commit.
    expect(await sql(`select id from outbox where dedupe_key = ?`, [`send-mail:${mail!.id}`])).toHaveLength(1);
    // A draft: the package's welcome email is not saved by a test.
    expect(await snapshot(t)).toBe(catalog);

    // Asked again, it is sent again.
    await owner.post(`/admin/packages/${id}/email/test`, DRAFT, { htmx: true });
    expect(await sql(`select id from mail_message where "to" = ? and subject = '[Test] Welcome Ada Lovelace'`, [ownerEmail])).toHaveLength(
      2,
    );
  });

  it('without JavaScript, answers with the whole page saying where it went, the draft kept', async () => {
    const id = await newPackage();
    const res = await owner.post(`/admin/packages/${id}/email/test`, DRAFT);
    expect(res.status).toBe(200);
    const page = await textOf(res);
    expect(page).toContain('<nav class="tabs"');
    expect(page).toContain(`on its way to ${ownerEmail}`);
    expect(page).toContain(`>${DRAFT.html}</textarea>`);
  });

  it('refuses a draft with no subject, no body or a bad language with 422 by the field, sending and storing nothing', async () => {
    const id = await newPackage();
    await owner.post(`/admin/packages/${id}/email`, { language: 'en', subject: 'Saved subject', html: '<div>Saved</div>', text: 'Saved' });
    const before = await everything();
    const cases: [Record<string, string>, string, string][] = [
      [{ ...DRAFT, subject: '  ' }, 'subject', 'Write a subject before sending a test.'],
      [{ ...DRAFT, html: '', text: '' }, 'html', 'Write the HTML or the text body before sending a test.'],
      [{ ...DRAFT, subject: 'x'.repeat(201) }, 'subject', ''],
      [{ ...DRAFT, language: 'EN!!' }, 'language', 'Use a language code such as en or pt-BR.'],
    ];
    for (const [form, field, message] of cases) {
      const hx = await owner.post(`/admin/packages/${id}/email/test`, form, { htmx: true });
      expect(hx.status, field).toBe(422);
      const fragment = await textOf(hx);
      expect(fragment).toMatch(/^<div id="email-test-result" class="notice error" role="alert">/);
      expect(fragment).toContain(message);

      const page = await owner.post(`/admin/packages/${id}/email/test`, form);
      expect(page.status, field).toBe(422);
      const body = await textOf(page);
      if (field !== 'language')
        expect(body).toMatch(new RegExp(`<p class="error" id="f-${field}-error" role="alert">${message.replace('.', '\\.')}`));
      else expect(body).toContain(message);
      // What was typed comes back to be fixed; the saved email stays as it was.
      expect(body).toContain(`>${form.html}</textarea>`);
    }
    expect(await everything()).toBe(before);
    const [saved] = await sql<{ subject: string }>(`select subject from welcome_email where package_id = ?`, [id]);
    expect(saved!.subject).toBe('Saved subject');
  });

  it('answers 404 for a package that does not exist, sending nothing', async () => {
    const before = await everything();
    expect((await owner.post(`/admin/packages/999999/email/test`, DRAFT, { htmx: true })).status).toBe(404);
    expect(await everything()).toBe(before);
  });
});

describe('Save', () => {
  it('refuses a body without a subject by the field, keeping what was saved; all three empty is no welcome email', async () => {
    const id = await newPackage();
    await owner.post(`/admin/packages/${id}/email`, { language: 'en', subject: 'Saved subject', html: '<div>Saved</div>', text: 'Saved' });
    const before = await everything();
    const res = await owner.post(`/admin/packages/${id}/email`, { ...DRAFT, subject: '   ' });
    expect(res.status).toBe(422);
    const page = await textOf(res);
    expect(page).toContain(
      '<p class="error" id="f-subject-error" role="alert">Write a subject, or clear the HTML and text too to send no welcome email in this language.',
    );
    expect(page).toContain(`>${DRAFT.html}</textarea>`);
    expect(await everything()).toBe(before);

    const cleared = await owner.post(`/admin/packages/${id}/email`, { language: 'en', subject: '', html: '', text: '' });
    expect(cleared.status).toBeLessThan(400);
    const [saved] = await sql<{ subject: string; html: string }>(`select subject, html from welcome_email where package_id = ?`, [id]);
    expect(saved).toEqual({ subject: '', html: '' });
  });
});

describe('the page', () => {
  it('marks the HTML body for the rich text editor and lists the tags as buttons', async () => {
    const id = await newPackage();
    const page = await textOf(await owner.get(`/admin/packages/${id}/email`));
    expect(page).toMatch(/<textarea id="f-html" name="html" rows="12"[^>]*data-rich-text=""/);
    expect(page).toContain('<button type="button" class="tag" data-insert-tag="{client.name}"');
    expect(page).toContain('<script src="/assets/rich-text.js" defer=""></script>');
    const summary = await textOf(await owner.get(`/admin/packages/${id}`));
    expect(summary).toMatch(/<textarea id="f-description" name="description"[^>]*data-rich-text=""/);
  });

  it('serves the editor from our own origin, under a CSP that allows only its own two styles inline', async () => {
    const js = await owner.get('/assets/trix.umd.min.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect((await owner.get('/assets/trix.css')).status).toBe(200);
    const csp = (await owner.get('/admin/packages')).headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self';");
    expect(csp).toMatch(/style-src 'self'( 'sha256-[A-Za-z0-9+/=]+'){3};/);
    expect(csp).not.toContain('unsafe-inline');
  });
});
