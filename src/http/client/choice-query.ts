import type { Context } from 'hono';
import type { Fields } from './form-input.ts';

// A visitor's choices on a package page, carried through sign-in in the address they come back to
// (`/store/vps?priceName=Monthly&options%5B3%5D=7`), so the page shows them again as chosen. Only
// the choices travel: the CSRF token and the total shown are the page's own, made afresh on return.

const NOT_CHOICES = new Set(['_csrf', 'expectedTotal']);
/** Past this, the choices stay behind and the page opens with its defaults: an address browsers and logs keep whole. */
const MAX_QUERY = 1500;

/** The path with the posted choices as its query (a list as `name[]`, as the form sends it). */
export function withChoices(path: string, form: Fields): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    if (NOT_CHOICES.has(key)) continue;
    for (const v of Array.isArray(value) ? value : [value]) query.append(Array.isArray(value) ? `${key}[]` : key, v);
  }
  const text = query.toString();
  return text && text.length <= MAX_QUERY ? `${path}?${text}` : path;
}

/**
 * The choices in the address, read as the form would be posted; none without a pricing option,
 * which every posted package form carries, so a link with other parameters (a campaign's) opens
 * the page with its defaults instead of as a form missing its choices.
 */
export function choicesIn(c: Context): Fields | undefined {
  const all = c.req.queries();
  if (!all.priceName) return undefined;
  const form: Fields = {};
  for (const [key, values] of Object.entries(all)) {
    const clean = values.map((v) => v.replaceAll('\u0000', ''));
    if (key.endsWith('[]')) form[key.slice(0, -2)] = clean;
    else form[key] = clean[clean.length - 1] ?? '';
  }
  return form;
}
