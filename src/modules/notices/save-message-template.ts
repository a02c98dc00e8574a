import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { renderTags, sampleValues } from '../mail/rules/template-tags.ts';
import { assertKnownLanguage } from '../settings/assert-known-language.ts';
import { DomainError } from '../shared/errors.ts';
import { languageCode, optionalText } from '../shared/fields.ts';
import { sanitizeEmailHtml } from '../shared/staff-html.ts';
import { parseInput } from '../shared/validation.ts';
import { db } from '../../db/database.ts';
import { NOTICE_EVENT_INFO, NOTICE_EVENTS } from './rules/notice-events.ts';

const input = z.object({
  event: z.enum(NOTICE_EVENTS, { error: 'Choose one of the messages listed.' }),
  language: languageCode,
  subject: z.string().trim().min(1, 'Give the email a subject.').max(200, 'At most 200 characters.'),
  html: optionalText(100_000).default(''),
  text: optionalText(100_000).default(''),
});

/**
 * Staff's wording of one message in one language. A tag the message does not have is refused,
 * named next to its field (unlike the welcome email, these tags are fixed, so a typo is surely
 * one). The HTML is kept as sanitized, so the preview is what clients get.
 */
export async function saveMessageTemplate(em: EntityManager, raw: unknown) {
  const t = parseInput(input, raw);
  await assertKnownLanguage(em, t.language);
  if (!t.html.trim() && !t.text.trim()) throw new DomainError('Write the body, in HTML or text.', 'html');
  const known = sampleValues(NOTICE_EVENT_INFO[t.event].tags);
  const errors: Record<string, string> = {};
  for (const field of ['subject', 'html', 'text'] as const) {
    const unknown = renderTags(t[field], known).unknown;
    if (unknown.length)
      errors[field] =
        `Unknown tag${unknown.length === 1 ? '' : 's'} ${unknown.map((u) => `{${u}}`).join(', ')}: use the tags listed for this message.`;
  }
  if (Object.keys(errors).length) throw DomainError.fromFields(errors);
  const html = sanitizeEmailHtml(t.html);
  // NOTE: a blank text body stays blank: it is made from the HTML once filled in, when sent.
  const values = { subject: t.subject, html, text: t.text, updated_at: new Date() };
  // NOTE: one statement, so the first wording of a message saved twice at once (a double click)
  // is stored once and then replaced, as any later save replaces it, not refused as a conflict.
  await db(em)
    .insertInto('message_template')
    .values({ event: t.event, language: t.language, ...values })
    .onConflict((oc) => oc.columns(['event', 'language']).doUpdateSet(values))
    .execute();
}
