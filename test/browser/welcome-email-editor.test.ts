// Staff write a package's welcome email in the rich text editor in real Chromium, with a real
// mail worker and an in-process SMTP server behind the app: type, format, insert tags at the
// cursor, watch the preview, look at the source, generate and edit the text body, send a test to
// themselves and find that what arrives is what the preview showed; paste hostile HTML and find
// it stripped on save; edit the package description the same way; and do without JavaScript.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { mailBodies, startSmtp } from '../helpers/smtp.ts';
import { startBackground, type Background } from '../helpers/background.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';

const STAFF = { email: `writer-${process.pid}@example.com`, password: 'correct horse battery' };
const prefix = `hbeditor${process.pid}${Date.now().toString(36)}`;
const BANNED = ['<script', 'onerror', 'onclick', 'javascript:', 'pwned'];
/** Trix keeps a space typed before a formatting change as a no-break space; read it as a space. */
const spaced = (s: string | null | undefined) => (s ?? '').replace(/\u00a0|&nbsp;/g, ' ');

let t: TestApp;
let b: OpenBrowser;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let background: Background;
let packageId = 0;
const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(sql, params);

async function waitForMail(to: string, count: number) {
  const deadline = Date.now() + 15_000;
  while (smtp.received.filter((m) => m.to.includes(to)).length < count && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  return smtp.received.filter((m) => m.to.includes(to));
}

beforeAll(async () => {
  smtp = await startSmtp();
  t = await makeTestApp({ SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, JOB_BACKOFF_MS: '100' });
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'de', name: 'Deutsch' });
  await createStaff(t.em(), { ...STAFF, name: 'Wren Writer', role: 'owner' });
  const catalog = await createCatalog(t.em(), { name: 'Servers' });
  packageId = (await createPackage(t.em(), { catalogId: catalog.id, name: 'VPS Editor' })).id;
  const panel = await savePluginInstance(
    t.em(),
    undefined,
    { plugin: 'webhook', name: 'Panel', settings: { url: 'http://127.0.0.1:9/never-called', signingSecret: 'not-used-here' } },
    t.config.APP_SECRET,
  );
  await setPackageProvisioning(t.em(), packageId, { pluginInstanceId: panel.id, options: { plan: 'vps' } });

  background = await startBackground(t, ['mail']);
  b = await openBrowser({ ...t, app: background.app });
  b.page.on('dialog', (d) => void d.accept());
  await b.signIn(STAFF.email, STAFF.password);
});

afterAll(async () => {
  await b?.close();
  await background?.close();
  await smtp?.close();
  await t?.close();
});

describe('the welcome email editor, in Chromium', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      await b?.shot(`editor-fail-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`).catch(() => undefined);
    });
  });

  it('1. staff write the email in the rich text editor, insert tags at the cursor and see the preview', async () => {
    const { page, base } = b;
    await page.goto(`${base}/admin/packages/${packageId}/email`);
    const editor = page.locator('trix-editor#f-html-rich');
    await editor.waitFor();
    expect(await page.locator('textarea[name="html"]').isHidden()).toBe(true);
    // The general tags and the package's plugin's.
    for (const tag of ['{client.name}', '{service.id}', '{webhook.server}'])
      expect(await page.locator(`[data-insert-tag="${tag}"]`).count(), tag).toBe(1);

    await page.getByLabel('Subject').fill('Welcome, ');
    await page.locator('[data-insert-tag="{client.name}"]').click();
    expect(await page.getByLabel('Subject').inputValue()).toBe('Welcome, {client.name}');

    await editor.click();
    await page.locator('trix-toolbar button[data-trix-attribute="heading1"]').click();
    await page.keyboard.type('Your server is ready');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Hello ');
    await page.locator('[data-insert-tag="{client.name}"]').click();
    await editor.press('End');
    await page.keyboard.type(', log in at ');
    await page.locator('[data-insert-tag="{webhook.server}"]').click();
    await editor.press('End');
    await page.keyboard.type(' as ');
    const bold = page.locator('trix-toolbar button[data-trix-attribute="bold"]');
    await bold.click();
    await page.keyboard.type('root');
    await bold.click();
    await page.keyboard.type('.');

    const preview = page.locator('#email-preview .preview-html');
    await preview.locator('h1', { hasText: 'Your server is ready' }).waitFor();
    await preview.getByText('Hello Ada Lovelace, log in at eu1.example.net as root.').waitFor();
    expect(await page.locator('#email-preview').textContent()).toContain('Subject: Welcome, Ada Lovelace');
    expect(await preview.locator('strong').textContent()).toBe('root');
    // The email's inline styles show in the preview (applied from script under the CSP).
    expect(await preview.locator('h1').evaluate((h) => getComputedStyle(h).fontSize)).toBe('22px');
    await b.shot('editor-01-rich');
  });

  it('2. the source view shows the HTML the editor wrote, tags and all', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'HTML source' }).click();
    const source = page.locator('textarea[name="html"]');
    expect(await source.isVisible()).toBe(true);
    expect(await page.locator('trix-editor#f-html-rich').isHidden()).toBe(true);
    const html = spaced(await source.inputValue());
    expect(html).toContain('<h1>Your server is ready</h1>');
    expect(html).toContain('Hello {client.name}, log in at {webhook.server} as <strong>root</strong>.');
    await page.getByRole('button', { name: 'Rich text' }).click();
    expect(await source.isHidden()).toBe(true);
    expect(await page.locator('trix-editor#f-html-rich h1').textContent()).toBe('Your server is ready');
  });

  it('3. the Text tab generates the text body from the HTML, and staff edit it', async () => {
    const { page } = b;
    await page.getByRole('tab', { name: 'Text' }).click();
    expect(await page.locator('trix-editor#f-html-rich').isHidden()).toBe(true);
    await b.settled(() => page.getByRole('button', { name: 'Generate from HTML' }).click());
    const text = page.getByLabel('Text body');
    expect(spaced(await text.inputValue())).toBe('Your server is ready\n\nHello {client.name}, log in at {webhook.server} as root.');
    await text.press('Control+End');
    await text.pressSequentially(' Service {service.id}.');
    await page.locator('#email-preview .preview-text', { hasText: 'as root. Service 1042.' }).waitFor();
    await b.shot('editor-02-text');
    await page.getByRole('tab', { name: 'HTML' }).click();
    expect(await page.locator('trix-editor#f-html-rich').isVisible()).toBe(true);
  });

  it('4. "Send a test to me" delivers what the preview shows to the signed-in staff member', async () => {
    const { page } = b;
    await b.settled(() => page.getByRole('button', { name: 'Send a test to me' }).click());
    expect(await page.locator('#email-test-result').textContent()).toContain(`on its way to ${STAFF.email}`);
    const [mail] = await waitForMail(STAFF.email, 1);
    expect(mail, 'the test email arrived').toBeDefined();
    expect(mail!.subject).toBe('[Test] Welcome, Ada Lovelace');
    const { html, text } = mailBodies(mail!.raw);

    // The same markup: the preview's data-email-style is the message's style attribute.
    const shown = await page.locator('#email-preview .preview-html').evaluate((el) => el.innerHTML);
    const previewAsSent = shown.replace(/ style="[^"]*"/g, '').replace(/data-email-style=/g, 'style=');
    expect(spaced(html)).toContain('Hello Ada Lovelace, log in at eu1.example.net as <strong>root</strong>.');
    expect(text).toBe(await page.locator('#email-preview .preview-text').textContent());

    // And the same look: the message on a page of its own (no CSP there) shows the heading as
    // the preview does. Both markups are parsed and serialized by that page, so they compare alike.
    const look = (el: Element) => {
      const s = getComputedStyle(el.querySelector('h1')!);
      return [s.fontSize, s.color, s.fontFamily, s.fontWeight].join(' | ');
    };
    const inPreview = await page.locator('#email-preview .preview-html').evaluate(look);
    expect(inPreview).toBe('22px | rgb(17, 24, 39) | Arial, Helvetica, sans-serif | 700');
    const other = await page.context().newPage();
    try {
      const normalized = (h: string) => other.evaluate((x) => new DOMParser().parseFromString(x, 'text/html').body.innerHTML, h);
      expect(await normalized(html!)).toBe(await normalized(previewAsSent));
      await other.setContent(html!);
      expect(await other.locator('body').evaluate(look)).toBe(inPreview);
    } finally {
      await other.close();
    }
    await b.shot('editor-03-test-sent');
  });

  it('5. saves; the stored HTML is the editor markup, tags kept', async () => {
    const { page, base } = b;
    await b.settled(() => page.getByRole('button', { name: 'Save welcome email' }).click());
    await page.getByRole('status').filter({ hasText: 'Welcome email saved.' }).waitFor();
    expect(page.url()).toBe(`${base}/admin/packages/${packageId}/email?lang=en&saved=1`);
    const [row] = await db<{ subject: string; html: string; text: string }>(
      `select subject, html, text from welcome_email where package_id = ? and language = 'en'`,
      [packageId],
    );
    expect(row!.subject).toBe('Welcome, {client.name}');
    expect(spaced(row!.html)).toBe(
      '<h1>Your server is ready</h1><div>Hello {client.name}, log in at {webhook.server} as <strong>root</strong>.</div>',
    );
    expect(spaced(row!.text)).toBe(
      'Your server is ready\n\nHello {client.name}, log in at {webhook.server} as root. Service {service.id}.',
    );
    // Reopened, it is in the rich text editor again.
    await page.locator('trix-editor#f-html-rich h1', { hasText: 'Your server is ready' }).waitFor();
  });

  it('6. hostile HTML pasted into the editor or the source view runs nothing and is stripped on save', async () => {
    const { page } = b;
    const editor = page.locator('trix-editor#f-html-rich');
    await editor.click();
    await editor.press('Control+End');
    await editor.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/html', '<p>Pasted <a href="javascript:window.pwned=1">here</a><img src="x" onerror="window.pwned=2"></p>');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.getByRole('button', { name: 'HTML source' }).click();
    const source = page.locator('textarea[name="html"]');
    await source.press('Control+End');
    await source.pressSequentially(
      '<script>window.pwned=3</script><p onclick="window.pwned=4">Clicked</p><a href="javascript:window.pwned=5">Open</a><p style="color:#0055aa">Styled</p>',
    );
    await page.locator('#email-preview .preview-html', { hasText: 'Clicked' }).waitFor();
    await page.locator('#email-preview .preview-html').getByText('Clicked').click();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await b.settled(() => page.getByRole('button', { name: 'Save welcome email' }).click());
    await page.getByRole('status').filter({ hasText: 'Welcome email saved.' }).waitFor();
    const [row] = await db<{ html: string }>(`select html from welcome_email where package_id = ? and language = 'en'`, [packageId]);
    for (const fragment of BANNED) expect(row!.html.toLowerCase(), fragment).not.toContain(fragment);
    expect(row!.html).toContain('Clicked');
    expect(row!.html).toContain('<a>Open</a>');
    expect(row!.html).toContain('<p style="color:#0055aa">Styled</p>');
    // Staff's own inline style shows in the preview too (applied from script: the CSP refuses style attributes).
    expect(await page.locator('#email-preview .preview-html p', { hasText: 'Styled' }).evaluate((p) => getComputedStyle(p).color)).toBe(
      'rgb(0, 85, 170)',
    );
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    // With paragraphs in it, the HTML now opens as source, saying why.
    expect(await source.isVisible()).toBe(true);
    await page.getByText('opens as source').waitFor();
    await b.shot('editor-04-source');
    // Switching to rich text anyway (after a confirm) simplifies the markup; nothing is reported.
    await page.getByRole('button', { name: 'Rich text' }).click();
    await page.locator('trix-editor#f-html-rich', { hasText: 'Styled' }).waitFor();
    expect(await source.inputValue()).not.toContain('style=');
  });

  it('7. the package description gets the same editor, on the summary and the languages tab', async () => {
    const { page, base } = b;
    await page.goto(`${base}/admin/packages/${packageId}`);
    const editor = page.locator('trix-editor#f-description-rich');
    await editor.click();
    await page.keyboard.type('Fast ');
    const italic = page.locator('trix-toolbar button[data-trix-attribute="italic"]');
    await italic.click();
    await page.keyboard.type('NVMe');
    await italic.click();
    await page.keyboard.type(' disks.');
    await b.settled(() => page.getByRole('button', { name: 'Save summary' }).click());
    const [pkg] = await db<{ description: string }>(`select description from package where id = ?`, [packageId]);
    expect(spaced(pkg!.description)).toBe('<div>Fast <em>NVMe</em> disks.</div>');

    await page.goto(`${base}/admin/packages/${packageId}/translations`);
    const de = page.locator('trix-editor#t-de-description-rich');
    await de.click();
    await page.keyboard.type('Schnelle Platten.');
    await b.settled(() => page.getByRole('button', { name: 'Save Deutsch' }).click());
    const [tr] = await db<{ description: string }>(`select description from package_translation where package_id = ? and language = 'de'`, [
      packageId,
    ]);
    expect(tr!.description).toBe('<div>Schnelle Platten.</div>');
    await b.shot('editor-05-description');
  });

  it('had no console errors, page errors or CSP violations', () => {
    expect(b.problems).toEqual([]);
  });
});

describe('without JavaScript', () => {
  it('the HTML body is a plain textarea; text generation and the test email still work', async () => {
    const nojs = await openBrowser({ ...t, app: background.app }, { javaScript: false });
    try {
      const { page, base } = nojs;
      await nojs.signIn(STAFF.email, STAFF.password);
      await page.goto(`${base}/admin/packages/${packageId}/email`);
      expect(await page.locator('trix-editor').count()).toBe(0);
      const html = page.getByLabel('HTML body');
      expect(await html.isVisible()).toBe(true);
      expect(await html.inputValue()).toContain('<h1>Your server is ready</h1>');
      await html.fill('<h1>Plain</h1><p>Hello {client.name}</p>');
      await page.getByRole('button', { name: 'Generate from HTML' }).click();
      await page.getByText('Made from the HTML body').waitFor();
      expect(await page.getByLabel('Text body').inputValue()).toBe('Plain\n\nHello {client.name}');
      expect(await page.getByLabel('HTML body').inputValue()).toBe('<h1>Plain</h1><p>Hello {client.name}</p>');
      const before = smtp.received.length;
      await page.getByRole('button', { name: 'Send a test to me' }).click();
      await page.getByText(`on its way to ${STAFF.email}`).waitFor();
      const mails = await waitForMail(STAFF.email, 2);
      expect(mails.length).toBeGreaterThan(1);
      expect(smtp.received.length).toBe(before + 1);
      expect(mailBodies(mails.at(-1)!.raw).text).toBe('Plain\n\nHello Ada Lovelace');
      await nojs.shot('editor-06-nojs');
      expect(nojs.problems).toEqual([]);
    } finally {
      await nojs.close();
    }
  });
});
