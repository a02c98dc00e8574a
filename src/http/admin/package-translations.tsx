import { Hono } from 'hono';
import { TranslationsPage } from '../../../views/admin/packages/translations.tsx';
import { saveTranslation } from '../../modules/catalog/save-translation.ts';
import { listLanguages } from '../../modules/settings/list-languages.ts';
import { fields, readForm } from '../form.ts';
import { attempt, parseId, redirectAfterPost } from '../respond.ts';
import type { Env } from '../types.ts';
import { packagePage } from './package-context.ts';

export const translationRoutes = new Hono<Env>()
  .get('/:id/translations', async (c) => {
    const page = await packagePage(c);
    const languages = await listLanguages(c.var.em);
    const saved = languages.find((l) => l.code === c.req.query('saved'))?.name;
    return c.html(<TranslationsPage {...page} languages={languages} saved={saved} />);
  })
  .post('/:id/translations', async (c) => {
    const form = fields(await readForm(c));
    const id = parseId(c.req.param('id'));
    const result = await attempt(() => saveTranslation(c.var.em, id, form));
    const language = typeof form.language === 'string' ? form.language : '';
    if (result.ok) return redirectAfterPost(c, `/admin/packages/${id}/translations?saved=${encodeURIComponent(language)}`);
    const page = await packagePage(c);
    const values = { name: String(form.name ?? ''), description: String(form.description ?? '') };
    return c.html(
      <TranslationsPage {...page} languages={await listLanguages(c.var.em)} failed={{ language, errors: result.errors, values }} />,
      422,
    );
  });
