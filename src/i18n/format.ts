import { formatMoney, roundToMinor, toDecimalString, type Units } from '../modules/shared/money.ts';
import type { UiLanguage } from './ui-languages.ts';

// Money and dates as each language writes them, with Intl. English keeps the product's own
// style ("1,234.50 USD", "2026-12-04": unambiguous everywhere); German writes "1.234,50 USD" and
// "04.12.2026". Amounts are formatted from their exact decimal string, never through a float.

const LOCALE: Record<UiLanguage, string> = { en: 'en-US', de: 'de-DE' };
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<UiLanguage, Intl.DateTimeFormat>();

export function formatMoneyIn(language: UiLanguage, units: Units, currency: string, minorUnits = 2): string {
  if (language === 'en') return formatMoney(units, currency, minorUnits);
  const key = `${language}:${minorUnits}`;
  let f = numberFormats.get(key);
  if (!f)
    numberFormats.set(
      key,
      (f = new Intl.NumberFormat(LOCALE[language], { minimumFractionDigits: minorUnits, maximumFractionDigits: minorUnits })),
    );
  // NOTE: Intl formats a numeric string exactly (no float), so 0.1 + 0.2 stays 0.30.
  return `${f.format(toDecimalString(roundToMinor(units, minorUnits)) as Intl.StringNumericLiteral)} ${currency}`;
}

/** A number with `decimals` decimals, as the language writes it ("1,499.00"; "1.499,00"). */
export function formatDecimalIn(language: UiLanguage, units: Units, decimals: number): string {
  return formatMoneyIn(language, units, '', decimals).trimEnd();
}

/** A calendar date ('YYYY-MM-DD', or the date part of an ISO time) as the language writes it. */
export function formatDateIn(language: UiLanguage, iso: string): string {
  const day = iso.slice(0, 10);
  if (language === 'en' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  let f = dateFormats.get(language);
  if (!f)
    dateFormats.set(
      language,
      (f = new Intl.DateTimeFormat(LOCALE[language], { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' })),
    );
  return f.format(new Date(`${day}T00:00:00Z`));
}
