// The languages the pages, documents and emails are written in. Its own file, so the formats
// (format.ts) can name them without importing the translations that use the formats.
export const UI_LANGUAGES = ['en', 'de'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
