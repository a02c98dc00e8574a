import { Hono, type Context } from 'hono';
import { EmailEditorPage } from '../../../views/admin/settings/email-editor.tsx';
import { EmailSettingsPage } from '../../../views/admin/settings/emails.tsx';
import { EmailPreviewPane } from '../../../views/admin/packages/email.tsx';
import { loadEmailSettings } from '../../modules/notices/load-email-settings.ts';
import { loadMessageEditor } from '../../modules/notices/load-message-editor.ts';
import { previewMessage } from '../../modules/notices/preview-message.ts';
import { resetMessageTemplate } from '../../modules/notices/reset-message-template.ts';
import { saveMessageTemplate } from '../../modules/notices/save-message-template.ts';
import { saveNoticeSettings } from '../../modules/notices/save-notice-settings.ts';
import { formatNoticeDays } from '../../modules/notices/rules/notice-days.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { fields, isHtmx, readForm } from '../form.ts';
import { attempt, layoutProps, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

// Settings › Emails: the billing messages, on or off, their reminder days, and each one's wording per language.

type Draft = { subject: string; html: string; text: string };
const asText = (v: unknown) => (typeof v === 'string' ? v : '');
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The draft as posted, cut to the lengths a save allows (the preview and errors never echo more). */
const draftOf = (form: Record<string, string | string[]>): Draft => ({
  subject: asText(form.subject).slice(0, 200),
  html: asText(form.html).slice(0, 100_000),
  text: asText(form.text).slice(0, 100_000),
});

async function listPage(c: Context<Env>, failed?: { errors: Errors; values: Record<string, string | string[]> }) {
  const s = await loadEmailSettings(c.var.em);
  const typed = (key: string, days: number[]) => (failed ? asText(failed.values[key]) : formatNoticeDays(days));
  // NOTE: after a refused save the ticks come back as posted, not as stored, so nothing typed is lost.
  const on = failed ? new Set(asList(failed.values.on)) : null;
  const events = s.events.map((r) => ({ ...r, on: on ? on.has(r.event) : r.on }));
  return c.html(
    <EmailSettingsPage
      {...layoutProps(c)}
      {...s}
      events={events}
      reminderDays={typed('reminderDays', s.reminderDays)}
      overdueDays={typed('overdueDays', s.overdueDays)}
      canWrite={canWrite(c.var.staff!.role)}
      errors={failed?.errors}
      saved={c.req.query('saved') === '1'}
    />,
    failed ? 422 : 200,
  );
}

async function editorPage(
  c: Context<Env>,
  language: string | undefined,
  opts: { values?: Draft; errors?: Errors; status?: 200 | 409 | 422 } = {},
) {
  const event = c.req.param('event') ?? '';
  const editor = await loadMessageEditor(c.var.em, event, language);
  const values = opts.values ?? editor.values;
  const saved = c.req.query('saved');
  return c.html(
    <EmailEditorPage
      {...layoutProps(c)}
      {...editor}
      values={values}
      preview={previewMessage(event, values)}
      canWrite={canWrite(c.var.staff!.role)}
      errors={opts.errors}
      saved={saved === 'saved' || saved === 'reset' ? saved : undefined}
    />,
    opts.status ?? (opts.errors ? 422 : 200),
  );
}

export const emailSettingsRoutes = new Hono<Env>()
  .get('/', (c) => listPage(c))
  .post('/', async (c) => {
    const form = fields(await readForm(c));
    const on = new Set(asList(form.on));
    const result = await attempt(async () => {
      const { events } = await loadEmailSettings(c.var.em);
      return saveNoticeSettings(c.var.em, {
        off: events.filter((r) => !on.has(r.event)).map((r) => r.event),
        reminderDays: form.reminderDays,
        overdueDays: form.overdueDays,
      });
    });
    if (!result.ok) return listPage(c, { errors: result.errors, values: form });
    return redirectAfterPost(c, '/admin/settings/emails?saved=1');
  })
  .get('/:event', (c) => editorPage(c, c.req.query('lang')))
  .post('/:event', async (c) => {
    const form = fields(await readForm(c));
    const event = c.req.param('event');
    const language = asText(form.language);
    const result = await attempt(() => saveMessageTemplate(c.var.em, { ...form, event }));
    if (!result.ok) return editorPage(c, language, { values: draftOf(form), errors: result.errors, status: result.status });
    return redirectAfterPost(c, `/admin/settings/emails/${encodeURIComponent(event)}?lang=${encodeURIComponent(language)}&saved=saved`);
  })
  // Live preview while typing (htmx: the pane); without JavaScript the Preview button shows the page with the draft.
  .post('/:event/preview', async (c) => {
    const form = fields(await readForm(c));
    const draft = draftOf(form);
    if (isHtmx(c)) return c.html(<EmailPreviewPane preview={previewMessage(c.req.param('event'), draft)} refused />);
    return editorPage(c, asText(form.language), { values: draft });
  })
  .post('/:event/reset', async (c) => {
    const form = fields(await readForm(c));
    const event = c.req.param('event');
    const language = asText(form.language);
    await resetMessageTemplate(c.var.em, event, language);
    return redirectAfterPost(c, `/admin/settings/emails/${encodeURIComponent(event)}?lang=${encodeURIComponent(language)}&saved=reset`);
  });
