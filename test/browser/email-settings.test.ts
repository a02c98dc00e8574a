// Settings › Emails in real Chromium: staff find the page from Settings, switch a message off and
// set reminder days (junk refused next to its field, nothing stored lost), word the German
// "Invoice issued" in the rich text editor with a live preview, meet an unknown tag as an error
// next to its field, reset to the built-in wording; and do the same without JavaScript.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { openBrowser, type OpenBrowser } from '../helpers/browser.ts';
import { loadNoticeSettings } from '../../src/modules/notices/load-notice-settings.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
import { createStaff } from '../../src/modules/staff/create-staff.ts';
import { NOTICE_EVENTS } from '../../src/modules/notices/rules/notice-events.ts';

const STAFF = { email: `emails-${process.pid}@example.com`, password: 'correct horse battery' };

let t: TestApp;
let b: OpenBrowser;
const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(sql, params);
const storedGerman = () =>
  db<{ subject: string; html: string }>(`select subject, html from message_template where event = 'invoice_issued' and language = 'de'`);

beforeAll(async () => {
  t = await makeTestApp();
  await saveCurrency(t.em(), { code: 'EUR', name: 'Euro', rate: '1', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'de', name: 'Deutsch' });
  await createStaff(t.em(), { ...STAFF, name: 'Erika Mustermann', role: 'owner' });
  b = await openBrowser(t);
  b.page.on('dialog', (d) => void d.accept());
  // Refused saves answer 422, as they should.
  b.expectedStatuses.add(422);
  await b.signIn(STAFF.email, STAFF.password);
});

afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('Settings › Emails, in Chromium', () => {
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      await b?.shot(`emails-fail-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`).catch(() => undefined);
    });
  });

  it('1. lists every billing email from Settings; junk days are refused next to their field and nothing stored is lost', async () => {
    const { page, base } = b;
    await page.goto(`${base}/admin/settings`);
    await page.getByRole('link', { name: 'Emails', exact: true }).click();
    await page.waitForURL(`${base}/admin/settings/emails`);
    // One switch per billing message, each named.
    expect(await page.locator('input[name="on[]"]').count()).toBe(NOTICE_EVENTS.length);
    expect(await page.getByRole('checkbox', { name: 'Service active again' }).count()).toBe(1);
    expect(await page.getByLabel('Payment reminder: days before the due date').inputValue()).toBe('3');
    expect(await page.getByLabel('Overdue notice: days after the due date').inputValue()).toBe('1, 7, 14');
    await b.shot('emails-01-list');

    for (const [reminder, overdue, field, named] of [
      ['abc', '1, 7, 14', 'reminderDays', '"abc"'],
      ['3', '-3', 'overdueDays', '"-3"'],
      ['400', '1', 'reminderDays', '"400"'],
    ] as const) {
      await page.getByLabel('Payment reminder: days before the due date').fill(reminder);
      await page.getByLabel('Overdue notice: days after the due date').fill(overdue);
      await page.getByLabel('Payment receipt', { exact: true }).uncheck();
      await page.getByRole('button', { name: 'Save email settings' }).click();
      const error = page.locator(`#f-${field}-error`);
      await error.waitFor();
      expect(await error.textContent()).toContain(named);
      // What was typed comes back; what was stored stays.
      expect(await page.getByLabel('Payment reminder: days before the due date').inputValue()).toBe(reminder);
      expect(await page.getByLabel('Payment receipt', { exact: true }).isChecked()).toBe(false);
      expect(await loadNoticeSettings(t.em())).toEqual({ off: [], reminderDays: [3], overdueDays: [1, 7, 14] });
    }
    await b.shot('emails-02-bad-days');

    await page.getByLabel('Payment reminder: days before the due date').fill('7 3');
    await page.getByLabel('Overdue notice: days after the due date').fill('1,10');
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page.getByText('Email settings saved.').waitFor();
    expect(await page.getByLabel('Payment reminder: days before the due date').inputValue()).toBe('3, 7');
    expect(await page.getByLabel('Payment receipt', { exact: true }).isChecked()).toBe(false);
    expect(await loadNoticeSettings(t.em())).toEqual({ off: ['payment_receipt'], reminderDays: [3, 7], overdueDays: [1, 10] });
    expect(b.problems).toEqual([]);
  });

  it('2. the German "Invoice issued": edit the subject, watch the preview, save; an unknown tag is an error next to its field; reset', async () => {
    const { page, base } = b;
    await page.goto(`${base}/admin/settings/emails`);
    await page.getByRole('link', { name: 'Edit Invoice issued in Deutsch' }).click();
    await page.waitForURL(`${base}/admin/settings/emails/invoice_issued?lang=de`);
    await page.locator('trix-editor').first().waitFor();
    const subject = page.getByLabel('Subject');
    expect(await subject.inputValue()).toBe('Ihre Rechnung {invoice.number} von {company.name}');
    expect(await page.locator('[data-insert-tag="{invoice.pay_url}"]').count()).toBe(1);

    await b.settled(() => subject.fill('Rechnung {invoice.number} für {client.name}'));
    await page.locator('#email-preview').getByText('Rechnung INV-2026-0042 für Ada Lovelace').waitFor();
    expect(await page.locator('#email-preview .preview-html').textContent()).toContain('Guten Tag Ada Lovelace');
    await b.shot('emails-03-editor-preview');
    await page.getByRole('button', { name: 'Save email' }).click();
    await page.getByText('Email saved.').waitFor();
    expect(await storedGerman()).toMatchObject([{ subject: 'Rechnung {invoice.number} für {client.name}' }]);
    expect(await page.getByRole('link', { name: 'Deutsch ✓' }).count()).toBe(1);

    await subject.fill('Rechnung {invoice.nummer}');
    await page.getByRole('button', { name: 'Save email' }).click();
    const error = page.locator('#f-subject-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Unknown tag {invoice.nummer}');
    expect(await subject.inputValue()).toBe('Rechnung {invoice.nummer}');
    expect(await storedGerman()).toMatchObject([{ subject: 'Rechnung {invoice.number} für {client.name}' }]);
    await b.shot('emails-04-unknown-tag');

    await page.getByRole('button', { name: 'Reset to default' }).click();
    await page.getByText('The built-in wording is back.').waitFor();
    expect(await storedGerman()).toEqual([]);
    expect(await page.getByLabel('Subject').inputValue()).toBe('Ihre Rechnung {invoice.number} von {company.name}');
    expect(b.problems).toEqual([]);
  });
});

describe('without JavaScript', () => {
  it('the editor is plain fields: Preview shows the draft, Save stores it, an unknown tag is refused', async () => {
    const nojs = await openBrowser(t, { javaScript: false });
    try {
      const { page, base } = nojs;
      nojs.expectedStatuses.add(422);
      await nojs.signIn(STAFF.email, STAFF.password);
      await page.goto(`${base}/admin/settings/emails/invoice_issued?lang=de`);
      expect(await page.locator('trix-editor').count()).toBe(0);
      await page.getByLabel('Subject').fill('Neue Rechnung {invoice.number}');
      await page.getByRole('textbox', { name: 'HTML body' }).fill('<p>Bitte zahlen: <a href="{invoice.pay_url}">hier</a></p>');
      await page.getByLabel('Text body').fill('');
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.locator('#email-preview').getByText('Neue Rechnung INV-2026-0042').waitFor();
      expect(await page.getByRole('textbox', { name: 'HTML body' }).inputValue()).toBe(
        '<p>Bitte zahlen: <a href="{invoice.pay_url}">hier</a></p>',
      );
      await page.getByRole('button', { name: 'Save email' }).click();
      await page.getByText('Email saved.').waitFor();
      const [row] = await db<{ subject: string; text: string }>(
        `select subject, text from message_template where event = 'invoice_issued' and language = 'de'`,
      );
      expect(row).toEqual({ subject: 'Neue Rechnung {invoice.number}', text: '' });
      // The text made from the HTML, shown as it will be sent.
      expect(await page.locator('#email-preview .preview-text').textContent()).toBe(
        'Bitte zahlen: hier [https://billing.example.com/account/invoices/42]',
      );
      await page.getByRole('textbox', { name: 'HTML body' }).fill('<p>{rechnung.link}</p>');
      await page.getByRole('button', { name: 'Save email' }).click();
      expect(await page.locator('#f-html-error').textContent()).toContain('Unknown tag {rechnung.link}');
      await nojs.shot('emails-05-nojs');
      expect(nojs.problems, nojs.problems.join('\n')).toEqual([]);
    } finally {
      await nojs.close();
    }
  });
});
