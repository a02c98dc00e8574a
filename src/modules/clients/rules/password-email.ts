import { escapeHtml } from '../../shared/escape-html.ts';
import type { TokenPurpose } from './password-token.ts';
import { translator, type UiLanguage } from '../../../i18n/i18n.ts';

// The two password emails, plain and friendly: a short HTML body and the same words as text, in
// the client's language.

export interface PasswordEmail {
  subject: string;
  html: string;
  text: string;
}

/** The password email in a language, its words from the `emails` translation file. */
export function renderPasswordEmail(
  purpose: TokenPurpose,
  input: { name: string; link: string },
  language: UiLanguage = 'en',
): PasswordEmail {
  const tr = translator(language);
  const t = (key: string) => tr(`emails:password.${purpose}.${key}`);
  const name = input.name.trim();
  const hello = name ? tr('emails:hello', { name }) : tr('emails:helloThere');
  const [intro, button, validity, outro] = [t('intro'), t('button'), t('validity'), t('outro')];
  const html = [
    `<p>${escapeHtml(hello)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(button)}</a></p>`,
    `<p>${escapeHtml(validity)}</p>`,
    `<p>${escapeHtml(outro)}</p>`,
  ].join('\n');
  const text = [hello, '', intro, '', `${button}:`, input.link, '', validity, '', outro, ''].join('\n');
  return { subject: t('subject'), html, text };
}
