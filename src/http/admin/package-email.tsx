import { Hono, type Context } from 'hono';
import { EmailPage, EmailPreviewPane } from '../../../views/admin/packages/email.tsx';
import { saveWelcomeEmail } from '../../modules/catalog/save-welcome-email.ts';
import { previewWelcomeEmail, welcomeTagsForInstance } from '../../modules/mail/preview-welcome-email.ts';
import { listLanguages } from '../../modules/settings/list-languages.ts';
import { fields, readForm } from '../form.ts';
import { attempt, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { packagePage } from './package-context.ts';

const tagsFor = (c: Context<Env>, instanceId: number | null) => welcomeTagsForInstance(c.var.em, instanceId);

const asText = (v: unknown) => (typeof v === 'string' ? v : '');

async function render(c: Context<Env>, language: string | undefined, opts: { values?: { subject: string; html: string; text: string }; errors?: Errors; saved?: boolean } = {}) {
  const page = await packagePage(c);
  const languages = await listLanguages(c.var.em);
  const lang = languages.find((l) => l.code === language)?.code ?? languages.find((l) => l.isDefault)?.code ?? 'en';
  const stored = page.pkg.welcomeEmails.find((w) => w.language === lang);
  const values = opts.values ?? { subject: stored?.subject ?? '', html: stored?.html ?? '', text: stored?.text ?? '' };
  const tags = await tagsFor(c, page.pkg.pluginInstanceId);
  return c.html(
    <EmailPage {...page} languages={languages} language={lang} values={values} tags={tags} preview={previewWelcomeEmail(values, tags)} errors={opts.errors} saved={opts.saved} />,
    opts.errors ? 422 : 200,
  );
}

export const emailRoutes = new Hono<Env>()
  .get('/:id/email', (c) => render(c, c.req.query('lang'), { saved: c.req.query('saved') === '1' }))
  .post('/:id/email', async (c) => {
    const form = fields(await readForm(c));
    const id = parseId(c.req.param('id'));
    const result = await attempt(() => saveWelcomeEmail(c.var.em, id, form));
    const values = { subject: asText(form.subject), html: asText(form.html), text: asText(form.text) };
    if (!result.ok) return render(c, asText(form.language), { values, errors: result.errors });
    return redirectAfterPost(c, `/admin/packages/${id}/email?lang=${encodeURIComponent(asText(form.language))}&saved=1`);
  })
  // Live preview while typing: sample data in, the preview pane out. Reads only.
  .post('/:id/email/preview', async (c) => {
    const form = fields(await readForm(c));
    const page = await packagePage(c);
    const values = { subject: asText(form.subject).slice(0, 200), html: asText(form.html).slice(0, 100_000), text: asText(form.text).slice(0, 100_000) };
    return c.html(<EmailPreviewPane preview={previewWelcomeEmail(values, await tagsFor(c, page.pkg.pluginInstanceId))} />);
  });
