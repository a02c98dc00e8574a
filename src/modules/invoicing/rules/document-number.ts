// Invoice and credit note numbers from a format staff set: `{YYYY}` is the
// year, `{0000}` the counter zero-padded to as many digits as zeros. Pure.

export const DOCUMENT_SERIES = ['credit_note', 'invoice'] as const;
export type DocumentSeries = (typeof DOCUMENT_SERIES)[number];

export const DEFAULT_FORMATS: Readonly<Record<DocumentSeries, string>> = { invoice: 'INV-{YYYY}-{0000}', credit_note: 'CN-{YYYY}-{0000}' };

const COUNTER = /\{(0+)\}/g;
const YEAR = '{YYYY}';
/** Numbers are stored in varchar(40); a 10-digit counter must still fit. */
export const MAX_FORMAT_LENGTH = 30;

/** Why a format cannot number documents, or null when it can. */
export function documentFormatProblem(format: string): string | null {
  if (format.length > MAX_FORMAT_LENGTH) return `Use at most ${MAX_FORMAT_LENGTH} characters.`;
  const counters = format.match(COUNTER) ?? [];
  if (counters.length !== 1) return 'Put the counter in once, as {0000} (one zero per digit).';
  const rest = format.replace(COUNTER, '').replaceAll(YEAR, '');
  if (/[{}]/.test(rest)) return 'Use only {YYYY} and {0000} in braces.';
  if (!/^[A-Za-z0-9/_.\- ]*$/.test(rest)) return 'Use letters, digits, spaces and - / _ . around the placeholders.';
  return null;
}

/**
 * The sequence a document numbered `now` draws from: its year when the format shows one (the
 * counter starts again each year), else 0 (one counter for ever).
 * NOTE: the UTC year, like every billing date, so a note issued at 23:30 on Dec 31 in New York
 * belongs to the new year's series.
 */
export function sequenceYear(format: string, now: Date): number {
  return format.includes(YEAR) ? now.getUTCFullYear() : 0;
}

/** The number for `counter` (1, 2, ...) in `year`; a counter longer than the zeros keeps all its digits. */
export function formatDocumentNumber(format: string, counter: number, year: number): string {
  if (!Number.isSafeInteger(counter) || counter < 1) throw new Error(`Not a document counter: ${counter}`);
  return format
    .replaceAll(YEAR, String(year).padStart(4, '0'))
    .replace(COUNTER, (_, zeros: string) => String(counter).padStart(zeros.length, '0'));
}

/**
 * A format for `year` cut around its counter: the number is `before` + the counter padded with
 * zeros to `width` digits (never cut) + `after`, the same as formatDocumentNumber, for a
 * statement that numbers documents in SQL.
 */
export function numberParts(format: string, year: number): { before: string; width: number; after: string } {
  const withYear = format.replaceAll(YEAR, String(year).padStart(4, '0'));
  const m = /\{(0+)\}/.exec(withYear);
  if (!m) throw new Error(`No counter in the format "${format}".`);
  return { before: withYear.slice(0, m.index), width: m[1]!.length, after: withYear.slice(m.index + m[0].length) };
}
