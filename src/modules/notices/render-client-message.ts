import { layoutEmailHtml, textFromHtml } from '../mail/email-html.ts';
import { renderTags } from '../mail/rules/template-tags.ts';
import { sanitizeEmailHtml } from '../shared/staff-html.ts';
import type { PickedTemplate } from './rules/pick-template.ts';

/** A value worded per language (a sentence the caller chooses), English at least. */
export type TagValue = string | (Readonly<Record<string, string>> & { en: string });

/** The values for the template's language, keyed in lower case as tags are matched. */
export function valuesIn(language: string, values: Readonly<Record<string, TagValue>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? v : (v[language] ?? v.en)]));
}

/**
 * A billing message as sent, the way the welcome email is: tags filled (an unknown one stays as
 * typed), the HTML sanitized again once filled (a value could carry markup) and laid out with
 * the email CSS. A built-in template's text is made from its HTML.
 */
export function renderClientMessage(template: PickedTemplate, values: Readonly<Record<string, TagValue>>): { subject: string; html: string; text: string } {
  const v = valuesIn(template.language, values);
  const html = sanitizeEmailHtml(renderTags(template.html, v, { html: true }).output);
  return {
    subject: renderTags(template.subject, v).output,
    html: layoutEmailHtml(html),
    // NOTE: made from the filled-in HTML, so its lines wrap around the values, not around the tags.
    text: template.text === null ? textFromHtml(html) : renderTags(template.text, v).output,
  };
}
