import { createRequire } from 'node:module';
import type sanitizeHtml from 'sanitize-html';

// NOTE: loaded on first use (it brings an HTML parser and PostCSS, about 18 MB): a web process
// that serves the store never needs it, only one where staff save HTML.
let loaded: typeof sanitizeHtml | undefined;
const sanitizer = () => (loaded ??= createRequire(import.meta.url)('sanitize-html') as typeof sanitizeHtml);

// Staff HTML (package descriptions, welcome emails) is sanitized on save with one allow-list.
// Nothing that runs code survives: no script or style element, no event handlers, no
// hx-*/data-hx-* attributes, no javascript: (or data:, vbscript:) URLs.
// NOTE: the rich text editor (Trix) writes div, br, strong, em, del, a, h1, blockquote, pre,
// ul/ol/li and figure/figcaption; all of them are on the list, so its markup survives a save.

const TAGS = [
  'p',
  'br',
  'hr',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'del',
  'small',
  'sup',
  'sub',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'a',
  'span',
  'div',
  'figure',
  'figcaption',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'img',
];

const BASE: sanitizeHtml.IOptions = {
  allowedTags: TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    '*': ['class'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: attribs.target === '_blank' ? { ...attribs, rel: 'noopener noreferrer' } : attribs,
    }),
  },
};

/**
 * A CSS value an email may carry inline: words, numbers, units, colours and rgb()/rgba(), nothing
 * that loads or runs anything (no url(), expression(), escapes or extra declarations).
 */
const STYLE_VALUE = /^(?:[#\w\s.,%'"-]|rgba?\([\d\s.,%]+\))+$/i;
const STYLE_PROPERTIES = [
  'color',
  'background-color',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'line-height',
  'letter-spacing',
  'text-align',
  'text-decoration',
  'text-transform',
  'vertical-align',
  'white-space',
  'width',
  'max-width',
  'min-width',
  'height',
  'display',
  'margin',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-color',
  'border-width',
  'border-style',
  'border-radius',
  'border-collapse',
];

/**
 * Emails are laid out with tables and inline styles (mail clients drop <style>), so the email
 * list adds those to the same base: layout attributes, and style with a fixed set of
 * properties whose values cannot load or run anything.
 */
const EMAIL: sanitizeHtml.IOptions = {
  ...BASE,
  allowedTags: [...TAGS, 'h6', 'center'],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel', 'style'],
    img: ['src', 'alt', 'width', 'height', 'style', 'align', 'border'],
    table: ['width', 'cellpadding', 'cellspacing', 'border', 'align', 'bgcolor', 'role', 'style'],
    th: ['colspan', 'rowspan', 'width', 'height', 'align', 'valign', 'bgcolor', 'style'],
    td: ['colspan', 'rowspan', 'width', 'height', 'align', 'valign', 'bgcolor', 'style'],
    tr: ['align', 'valign', 'bgcolor', 'style'],
    '*': ['class', 'style', 'align'],
  },
  allowedStyles: { '*': Object.fromEntries(STYLE_PROPERTIES.map((p) => [p, [STYLE_VALUE]])) },
};

export function sanitizeDescription(html: string): string {
  return sanitizer()(html, BASE).trim();
}

/** The welcome email's HTML: sanitized on save, and again once its tags are filled in. */
export function sanitizeEmailHtml(html: string): string {
  return sanitizer()(html, EMAIL).trim();
}

/**
 * Email HTML for showing inside an admin page, whose CSP refuses style attributes: each one is
 * carried as `data-email-style` instead, and the page's script applies it (CSSOM is allowed).
 * NOTE: the input is already sanitized and laid out; this only renames one attribute.
 */
export function carryStylesAsData(html: string): string {
  return sanitizer()(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    transformTags: {
      '*': (tagName, attribs) => {
        if (attribs.style === undefined) return { tagName, attribs };
        const { style, ...rest } = attribs;
        return { tagName, attribs: { ...rest, 'data-email-style': style } };
      },
    },
  });
}
