import { pickByLanguage } from '../catalog/rules/localize.ts';
import { formatDateIn } from '../../i18n/format.ts';
import { UI_LANGUAGES, type UiLanguage } from '../../i18n/ui-languages.ts';
import { sanitizeEmailHtml } from '../shared/staff-html.ts';
import { layoutEmailHtml } from './email-html.ts';
import { renderTags } from './rules/template-tags.ts';

export interface WelcomeContext {
  templates: readonly { language: string; subject: string; html: string; text: string }[];
  clientLanguage: string | null;
  defaultLanguage: string;
  values: Record<string, string>;
  /** Calendar days (YYYY-MM-DD) among the tags, written as the picked template's language writes a date (01.08.2026). */
  days?: Record<string, string>;
}

/**
 * The welcome email in the client's language (else the default language's), tags filled in.
 * NOTE: an unknown tag stays as typed: a template mistake shows, it never stops the email.
 * NOTE: the HTML is sanitized again once filled in: a value (a plugin's, from a remote panel)
 * could carry a javascript: link, and templates saved before sanitizing on save get cleaned.
 * Then the email CSS is inlined (layoutEmailHtml), as the preview does.
 */
export function renderWelcomeEmail(ctx: WelcomeContext): { subject: string; html: string; text: string } | null {
  const template = pickByLanguage(ctx.templates, ctx.clientLanguage, ctx.defaultLanguage);
  if (!template || (!template.subject && !template.html && !template.text)) return null;
  const language = (UI_LANGUAGES as readonly string[]).includes(template.language) ? (template.language as UiLanguage) : 'en';
  const days = Object.entries(ctx.days ?? {}).map(([k, iso]) => [k, iso && formatDateIn(language, iso)] as const);
  const values = Object.fromEntries([...Object.entries(ctx.values), ...days].map(([k, v]) => [k.toLowerCase(), v]));
  return {
    subject: renderTags(template.subject, values).output,
    html: layoutEmailHtml(sanitizeEmailHtml(renderTags(template.html, values, { html: true }).output)),
    text: renderTags(template.text, values).output,
  };
}
