import { DEFAULT_TEMPLATES_DE } from './default-templates-de.ts';
import { DEFAULT_TEMPLATES_EN, type BuiltInTemplate } from './default-templates-en.ts';
import type { NoticeEvent } from './notice-events.ts';

// Which wording a message is sent in: the client's language, else the default language, else
// English; in that language, what staff stored, else the built-in text. Pure.

export const BUILT_IN: Readonly<Record<string, Readonly<Record<NoticeEvent, BuiltInTemplate>>>> = {
  en: DEFAULT_TEMPLATES_EN,
  de: DEFAULT_TEMPLATES_DE,
};

export interface StoredTemplate {
  event: string;
  language: string;
  subject: string;
  html: string;
  text: string;
}

export interface PickedTemplate {
  language: string;
  subject: string;
  html: string;
  /** Null when it is to be made from the HTML (built in, or left blank by staff). */
  text: string | null;
  stored: boolean;
}

/** The wording for one language: staff's, else the built-in one, else none (a language with neither). */
export function templateFor(event: NoticeEvent, language: string, stored: readonly StoredTemplate[]): PickedTemplate | undefined {
  const own = stored.find((t) => t.event === event && t.language === language);
  if (own) return { language, subject: own.subject, html: own.html, text: own.text.trim() ? own.text : null, stored: true };
  const builtIn = BUILT_IN[language]?.[event];
  return builtIn ? { language, subject: builtIn.subject, html: builtIn.html, text: null, stored: false } : undefined;
}

/**
 * NOTE: a language staff added without wording any message (French, say) falls through to the
 * default language, and a default language with no wording at all to English: a client always
 * gets a message, never an empty one.
 */
export function pickTemplate(
  event: NoticeEvent,
  stored: readonly StoredTemplate[],
  clientLanguage: string | null | undefined,
  defaultLanguage: string,
): PickedTemplate {
  return (
    (clientLanguage ? templateFor(event, clientLanguage, stored) : undefined) ??
    templateFor(event, defaultLanguage, stored) ??
    templateFor(event, 'en', stored)!
  );
}
