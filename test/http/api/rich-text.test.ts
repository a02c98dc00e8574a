// What the rich text editor writes (Trix markup) survives the API's welcome email and description
// fields; what a hostile client sends in the same markup (script, handlers, javascript: links,
// data: images, hx-* attributes) is stripped on save.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, type TestApp } from '../../helpers/app.ts';
import { seedBasics } from '../fixtures.ts';
import { apiCaller, expectApiError } from './helpers.ts';

let t: TestApp;
let owner: string;
let catalogId: number;
const api = apiCaller(
  () => t,
  () => owner,
);

/** Everything the editor's toolbar makes: blocks, line breaks, marks, links, lists, quote, code, heading. */
const TRIX =
  '<h1>Your server is ready</h1><div>Hello <strong>{client.name}</strong>, <em>welcome</em> <del>soon</del>.<br>Log in at <a href="https://panel.example.com/">the panel</a>.</div>' +
  '<blockquote>Keep your password safe.</blockquote><pre>ssh root@{webhook.server}</pre><ul><li>Backups</li><li>IPv6</li></ul><ol><li>One</li></ol>' +
  '<figure><img src="https://cdn.example.com/logo.png" alt="Logo"><figcaption>Our logo</figcaption></figure>';
const HOSTILE =
  '<div onclick="steal()">Click</div><script>alert(1)</script><a href="javascript:alert(2)">Open</a><a href="JaVaScRiPt:alert(3)" onmouseover="alert(4)">Hover</a>' +
  '<img src="data:image/svg+xml;base64,PHN2Zz4=" onerror="alert(5)"><div hx-get="/admin/work" hx-trigger="load">Load</div><iframe src="https://evil.example/"></iframe><style>body{display:none}</style>';
const BANNED = [
  '<script',
  'alert(',
  'onclick',
  'onerror',
  'onmouseover',
  'javascript:',
  'data:',
  'hx-',
  '<iframe',
  'evil.example',
  '<style',
  'display:none',
];
const expectClean = (html: string) => {
  for (const fragment of BANNED) expect(html.toLowerCase(), fragment).not.toContain(fragment.toLowerCase());
};
/** What the hostile part leaves: the text, the links without their href. */
const LEFT = '<div>Click</div><a>Open</a><a>Hover</a><img /><div>Load</div>';

beforeAll(async () => {
  t = await makeTestApp();
  ({ catalogId } = await seedBasics(t));
  owner = await apiToken(t, 'owner');
});
afterAll(() => t.close());

describe('rich text through the API', () => {
  it('a welcome email keeps the editor markup and loses what could run', async () => {
    const id = (await api('POST', '/packages', { catalogId, name: 'API rich email' })).json.data.id as number;
    const res = await api('PUT', `/packages/${id}/welcome-emails/en`, { subject: 'Welcome', html: TRIX + HOSTILE, text: 'Welcome' });
    expect(res.status).toBe(200);
    const html = res.json.data.welcomeEmails[0].html as string;
    expectClean(html);
    expect(html).toBe(
      TRIX.replace(
        '<img src="https://cdn.example.com/logo.png" alt="Logo">',
        '<img src="https://cdn.example.com/logo.png" alt="Logo" />',
      ).replace('<br>', '<br />') + LEFT,
    );
  });

  it('a package description and its translation do the same', async () => {
    const created = await api('POST', '/packages', { catalogId, name: 'API rich description', description: TRIX + HOSTILE });
    expect(created.status).toBe(201);
    const id = created.json.data.id as number;
    const expected =
      TRIX.replace(
        '<img src="https://cdn.example.com/logo.png" alt="Logo">',
        '<img src="https://cdn.example.com/logo.png" alt="Logo" />',
      ).replace('<br>', '<br />') + LEFT;
    expectClean(created.json.data.description);
    expect(created.json.data.description).toBe(expected);

    const patched = await api('PATCH', `/packages/${id}`, { description: `<div>Patched</div>${HOSTILE}` });
    expect(patched.status).toBe(200);
    expect(patched.json.data.description).toBe(`<div>Patched</div>${LEFT}`);

    const tr = await api('PUT', `/packages/${id}/translations/de`, { name: 'Paket', description: TRIX + HOSTILE });
    expect(tr.status).toBe(200);
    expectClean(tr.json.data.translations[0].description);
    expect(tr.json.data.translations[0].description).toBe(expected);
  });

  it('refuses a welcome email HTML over the limit with 422 naming the field, keeping what was saved', async () => {
    const id = (await api('POST', '/packages', { catalogId, name: 'API rich limit' })).json.data.id as number;
    await api('PUT', `/packages/${id}/welcome-emails/en`, { subject: 'Kept', html: '<div>Kept</div>' });
    expectApiError(
      await api('PUT', `/packages/${id}/welcome-emails/en`, { subject: 'Lost', html: `<div>${'x'.repeat(100_001)}</div>` }),
      422,
      'html',
    );
    expect((await api('GET', `/packages/${id}`)).json.data.welcomeEmails).toEqual([
      { language: 'en', subject: 'Kept', html: '<div>Kept</div>', text: '' },
    ]);
  });
});
