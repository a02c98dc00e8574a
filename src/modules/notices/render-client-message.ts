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
 * A template's HTML laid out with the email CSS, and its text made from it, once per template:
 * sanitizing and the text conversion cost up to milliseconds each, and a renewal run queues
 * thousands of messages from a handful of templates, inside transactions that hold locks.
 */
const prepared = new Map<string, { html: string; text: string; tagInMarkup: boolean }>();
function prepare(html: string) {
  let p = prepared.get(html);
  if (!p) {
    if (prepared.size >= 200) prepared.clear();
    const laidOut = layoutEmailHtml(sanitizeEmailHtml(html));
    p = { html: laidOut, text: textFromHtml(html), tagInMarkup: tagInMarkup(laidOut) };
    prepared.set(html, p);
  }
  return p;
}

// An element's markup, quoted values and all (a quoted value may hold '>').
const MARKUP = /<(?:"[^"]*"|'[^']*'|[^'">])*>/g;
/** Whether a tag is written inside markup (href="{invoice.url}") rather than in text. */
const tagInMarkup = (html: string) => (html.match(MARKUP) ?? []).some((m) => m.includes('{'));

/**
 * A billing message as sent, the way the welcome email is: tags filled (an unknown one stays as
 * typed, a value escaped), the HTML sanitized again once filled where a tag sits in markup (a
 * value in a link could be a javascript: URL) and laid out with the email CSS. A template with
 * no text body (built in, or left blank) sends the text made from its HTML.
 */
export function renderClientMessage(
  template: PickedTemplate,
  values: Readonly<Record<string, TagValue>>,
): { subject: string; html: string; text: string } {
  const v = valuesIn(template.language, values);
  const p = prepare(template.html);
  const filled = renderTags(p.html, v, { html: true }).output;
  return {
    subject: renderTags(template.subject, v).output,
    // NOTE: a value is escaped as it is filled in, so in text it stays text and the sanitized
    // layout stays as safe as it was; only a tag inside markup (a value in a link could be a
    // javascript: URL) needs the sanitizer again, which is most of the cost of a message.
    html: p.tagInMarkup ? sanitizeEmailHtml(filled) : filled,
    text: renderTags(template.text ?? p.text, v).output,
  };
}
