// Per-language text: a translation's blank field falls back to the package's own (default
// language) text, field by field.

export interface LocalizedText {
  name: string;
  description: string;
}

export function localize(
  base: LocalizedText,
  translations: readonly (LocalizedText & { language: string })[],
  language: string | null | undefined,
): LocalizedText {
  const t = language ? translations.find((x) => x.language === language) : undefined;
  return { name: t?.name.trim() || base.name, description: t?.description.trim() || base.description };
}

/** The welcome email for a language, else the default language's, else none. */
export function pickByLanguage<T extends { language: string }>(
  rows: readonly T[],
  language: string | null | undefined,
  defaultLanguage: string,
): T | undefined {
  return rows.find((r) => r.language === language) ?? rows.find((r) => r.language === defaultLanguage);
}
