import { formatAmount, fromDecimalString } from '../../src/modules/shared/money.ts';
import { formatDateIn, formatMoneyIn } from '../../src/i18n/format.ts';
import { currentLanguage } from '../../src/i18n/locale.ts';

// Money as the pages show it: totals rounded to the currency's minor unit, line amounts with the
// decimals they carry (2 to 4), as the invoice stores them.

/** "1,234.50 USD" ("1.234,50 USD" on a German page); a dash for nothing. */
export function money(amount: string | null | undefined, currency: string, minorUnits: number): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  return formatMoneyIn(currentLanguage(), fromDecimalString(amount), currency, minorUnits);
}

/**
 * A report's figure, exact: as many decimals as it carries, at least two ("110.50", "-36.3879"),
 * where the stored text reads "110.5000". The currency is the table's own column.
 */
export function figure(amount: string): string {
  return formatAmount(fromDecimalString(amount));
}

/** A date ('YYYY-MM-DD' or an ISO time) as the page's language writes it; a dash for nothing. */
export function date(iso: string | null | undefined): string {
  return iso ? formatDateIn(currentLanguage(), iso) : '—';
}

/** An ISO time as the page's language writes its day, then hours and minutes (UTC): "2026-12-07 20:27", "07.12.2026 20:27". */
export function dateTime(iso: string): string {
  return `${formatDateIn(currentLanguage(), iso)} ${iso.slice(11, 16)}`;
}

/** A tax rate "19.0000" as "19%". */
export function percent(rate: string | null): string {
  if (!rate) return '';
  return `${rate.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}%`;
}
