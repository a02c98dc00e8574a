import { formatDateIn } from '../../i18n/format.ts';
import { UI_LANGUAGES, type UiLanguage } from '../../i18n/i18n.ts';
import type { TagValue } from './render-client-message.ts';

/** A tag's value written in every language spoken here (the message picks its own). */
export const perLanguage = (write: (language: UiLanguage) => string): TagValue =>
  Object.fromEntries(UI_LANGUAGES.map((l) => [l, write(l)])) as Record<UiLanguage, string>;

/** A calendar day (YYYY-MM-DD) as each language writes it: 2026-12-04 / 04.12.2026. */
export const dayTag = (iso: string): TagValue => perLanguage((l) => formatDateIn(l, iso));
