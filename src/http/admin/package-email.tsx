import { Hono, type Context } from 'hono';
import { EmailPage, EmailPreviewPane, TestResultNote, TextBodyField, type TestResult } from '../../../views/admin/packages/email.tsx';
import { saveWelcomeEmail } from '../../modules/catalog/save-welcome-email.ts';
import { generateWelcomeText } from '../../modules/mail/generate-welcome-text.ts';
import { previewWelcomeEmail, welcomeTagsForInstance } from '../../modules/mail/preview-welcome-email.ts';
import { queueWelcomeTest } from '../../modules/mail/queue-welcome-test.ts';
import { listLanguages } from '../../modules/settings/list-languages.ts';
import { fields, isHtmx, readForm } from '../form.ts';
import { attempt, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { packagePage } from './package-context.ts';

type Draft = { subject: string; html: string; text: string };

const tagsFor = (c: Context<Env>, instanceId: number | null) => welcomeTagsForInstance(c.var.em, instanceId);

const asText = (v: unknown) => (typeof v === 'string' ? v : '');

/** The draft as posted, cut to the lengths a save allows (the preview and errors never echo more). */
async function draftOf(c: Context<Env>): Promise<{ form: Record<string, string | string[]>; values: Draft }> {
  const form = fields(await readForm(c));
  return {
    form,
    values: {
      subject: asText(form.subject).slice(0, 200),
      html: asText(form.html).slice(0, 100_000),
      text: asText(form.text).slice(0, 100_000),
    },
  };
}

async function render(
  c: Context<Env>,
  language: string | undefined,
  opts: { values?: Draft; errors?: Errors; saved?: boolean; generated?: boolean; test?: TestResult } = {},
) {
  const page = await packagePage(c);
  const languages = await listLanguages(c.var.em);
  const lang = languages.find((l) => l.code === language)?.code ?? languages.find((l) => l.isDefault)?.code ?? 'en';
  const stored = page.pkg.welcomeEmails.find((w) => w.language === lang);
  const values = opts.values ?? { subject: stored?.subject ?? '', html: stored?.html ?? '', text: stored?.text ?? '' };
  const tags = await tagsFor(c, page.pkg.pluginInstanceId);
  return c.html(
    <EmailPage
      {...page}
      languages={languages}
      language={lang}
      values={values}
      tags={tags}
      preview={previewWelcomeEmail(values, tags, packageTags(page.pkg))}
      errors={opts.errors}
      saved={opts.saved}
      generated={opts.generated}
      test={opts.test}
    />,
    opts.errors ? 422 : 200,
  );
}

/** The package being edited fills its own tags in the preview. */
const packageTags = (pkg: { name: string; slug: string }) => ({ 'package.name': pkg.name, 'package.slug': pkg.slug });

async function previewOf(c: Context<Env>, values: Draft) {
  const page = await packagePage(c);
  return previewWelcomeEmail(values, await tagsFor(c, page.pkg.pluginInstanceId), packageTags(page.pkg));
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
    const { values } = await draftOf(c);
    return c.html(<EmailPreviewPane preview={await previewOf(c, values)} />);
  })
  // "Generate from HTML": the text body made from the posted HTML, not saved. htmx gets the text
  // field and the preview; without JavaScript the page comes back with the draft and the new text.
  .post('/:id/email/text', async (c) => {
    const { form, values } = await draftOf(c);
    const base = `/admin/packages/${parseId(c.req.param('id'))}/email`;
    const result = await attempt(() => Promise.resolve(generateWelcomeText(form)));
    if (!result.ok) {
      if (!isHtmx(c)) return render(c, asText(form.language), { values, errors: result.errors });
      return c.html(<TextBodyField base={base} value={values.text} error={Object.values(result.errors)[0]} />, 422);
    }
    const draft = { ...values, text: result.value };
    if (!isHtmx(c)) return render(c, asText(form.language), { values: draft, generated: true });
    return c.html(
      <>
        <TextBodyField base={base} value={draft.text} generated />
        <EmailPreviewPane preview={await previewOf(c, draft)} oob />
      </>,
    );
  })
  // "Send a test to me": the draft with sample values, to the signed-in staff member, by the mail queue.
  .post('/:id/email/test', async (c) => {
    const { form, values } = await draftOf(c);
    const result = await attempt(() => queueWelcomeTest(c.var.em, parseId(c.req.param('id')), c.var.staff!.email, form));
    const test: TestResult = result.ok ? { sentTo: result.value.to } : { errors: result.errors };
    if (isHtmx(c)) return c.html(<TestResultNote result={test} />, result.ok ? 200 : 422);
    return render(c, asText(form.language), { values, test, errors: result.ok ? undefined : result.errors });
  });
