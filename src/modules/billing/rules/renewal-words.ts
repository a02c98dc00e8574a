import { translator, type UiLanguage } from '../../../i18n/i18n.ts';
import { lineWords } from '../../pricing/rules/line-words.ts';

// A renewal line's description in the client's language ("VPS Small #12, 2026-12-04 to
// 2027-01-03"; "VPS Small #12, 04.12.2026 bis 03.01.2027"), written when the invoice is made and
// stored with it. Pure.

export function renewalWords(language: UiLanguage) {
  const t = translator(language);
  const lines = lineWords(language);
  return {
    /** The rest of an invoice line's words (a coupon's line) in the same language. */
    lines,
    name: (pkg: string, id: number, parentId: number | null) =>
      parentId === null ? t('documents:renewal.service', { pkg, id }) : t('documents:renewal.addon', { pkg, id, parent: parentId }),
    period: (name: string, from: string, to: string) => lines.period(name, from, to),
  };
}
