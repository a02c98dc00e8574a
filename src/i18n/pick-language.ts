import { UI_LANGUAGES, type UiLanguage } from './i18n.ts';

// Which language a page is in (issue: the client's profile, then the browser's Accept-Language,
// then the store's default language, then English). Pure.

/** "de-AT" -> "de" when German is spoken here; null for a language we have no translation of. */
export function uiLanguageOf(code: string | null | undefined): UiLanguage | null {
  const primary = (code ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (UI_LANGUAGES as readonly string[]).includes(primary) ? (primary as UiLanguage) : null;
}

/** The languages an Accept-Language header asks for, most wanted first ("de-DE,de;q=0.9,en;q=0.8"). */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      // A weight that is not a number drops the language, as if it were q=0.
      const q = params.map((p) => /^\s*q=(.*)$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : /^\s*[0-9.]+\s*$/.test(q) ? Number(q) : NaN, index };
    })
    .filter((l) => l.tag && l.tag !== '*' && Number.isFinite(l.q) && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((l) => l.tag);
}

export function pickUiLanguage(input: {
  profile?: string | null;
  acceptLanguage?: string | null;
  storeDefault?: string | null;
}): UiLanguage {
  const profile = uiLanguageOf(input.profile);
  if (profile) return profile;
  for (const tag of acceptedLanguages(input.acceptLanguage)) {
    const found = uiLanguageOf(tag);
    if (found) return found;
  }
  return uiLanguageOf(input.storeDefault) ?? 'en';
}
