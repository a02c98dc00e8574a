import { formatAmount, formatMoney, fromDecimalString } from '../../src/modules/shared/money.ts';

// Money as the pages show it: totals rounded to the currency's minor unit, line amounts with the
// decimals they carry (2 to 4), as the invoice stores them.

/** "1,234.50 USD"; a dash for nothing. */
export function money(amount: string | null | undefined, currency: string, minorUnits: number): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  return formatMoney(fromDecimalString(amount), currency, minorUnits);
}

/** "6.7742 USD", "30.00 USD": a line keeps its 4 decimals when it has them. */
export function lineMoney(amount: string, currency: string): string {
  return `${formatAmount(fromDecimalString(amount))} ${currency}`;
}

/** A tax rate "19.0000" as "19%". */
export function percent(rate: string | null): string {
  if (!rate) return '';
  return `${rate.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}%`;
}
