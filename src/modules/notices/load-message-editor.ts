import type { EntityManager } from '@mikro-orm/postgresql';
import { listLanguages } from '../settings/list-languages.ts';
import { NotFound } from '../shared/errors.ts';
import { MessageTemplate } from './notices.entities.ts';
import { isNoticeEvent, NOTICE_EVENT_INFO } from './rules/notice-events.ts';
import { templateFor } from './rules/pick-template.ts';

/**
 * One message in one language as staff edit it: their wording, else the built-in one (English
 * for a language with none built in). A text body made from the HTML shows blank, as it is saved.
 */
export async function loadMessageEditor(em: EntityManager, event: string, language: string | undefined) {
  if (!isNoticeEvent(event)) throw new NotFound('That message');
  const languages = await listLanguages(em);
  const lang = languages.find((l) => l.code === language)?.code ?? languages.find((l) => l.isDefault)?.code ?? 'en';
  const rows = await em.find(MessageTemplate, { event });
  const t = templateFor(event, lang, rows) ?? templateFor(event, 'en', [])!;
  return {
    info: NOTICE_EVENT_INFO[event],
    languages: languages.map((l) => ({ ...l, worded: rows.some((r) => r.language === l.code) })),
    language: lang,
    stored: t.stored,
    values: { subject: t.subject, html: t.html, text: t.text ?? '' },
  };
}
