import { createRequire } from 'node:module';
import type { convert as convertType } from 'html-to-text';
import { inlineCss, parseStylesheet } from './inline-css.ts';

// NOTE: loads on first use (it brings an HTML parser): only a process that renders or previews
// an email needs it.
const load = createRequire(import.meta.url);
let convert: typeof convertType | undefined;

/**
 * The look every HTML email starts from. Mail programs drop <style>, so it is inlined into each
 * element (inlineCss); what staff style themselves, inline, wins over it.
 */
export const EMAIL_CSS = `
.email-body { font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1f2933; }
h1 { font-size: 22px; line-height: 1.3; font-weight: bold; margin: 0 0 12px; color: #111827; }
h2 { font-size: 18px; line-height: 1.3; margin: 0 0 10px; color: #111827; }
p { margin: 0 0 12px; }
a { color: #1d4ed8; text-decoration: underline; }
blockquote { margin: 0 0 12px; padding: 4px 12px; border-left: 3px solid #cbd5e1; color: #475569; }
pre { margin: 0 0 12px; padding: 8px 10px; background-color: #f1f5f9; font-family: Menlo, Consolas, monospace; font-size: 13px; white-space: pre-wrap; }
ul, ol { margin: 0 0 12px; padding-left: 24px; }
img { max-width: 100%; }
`;
const EMAIL_RULES = parseStylesheet(EMAIL_CSS);

/** Sanitized email HTML as it is sent: in one wrapper, with the email CSS inlined. Empty stays empty. */
export function layoutEmailHtml(html: string): string {
  if (!html.trim()) return '';
  return inlineCss(`<div class="email-body">${html}</div>`, EMAIL_RULES);
}

/** A plain text version of email HTML, for mail programs that show no HTML; tags stay as typed. */
export function textFromHtml(html: string): string {
  convert ??= (load('html-to-text') as { convert: typeof convertType }).convert;
  // NOTE: blank lines around it go; a list's leading indent stays.
  return convert(html, {
    wordwrap: 78,
    selectors: [
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).replace(/^\n+|\s+$/g, '');
}
