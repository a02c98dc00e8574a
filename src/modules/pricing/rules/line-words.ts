import { formatDateIn, formatMoneyIn } from '../../../i18n/format.ts';
import { translator, type UiLanguage } from '../../../i18n/i18n.ts';
import { addDays, type CalendarDate } from '../../shared/dates.ts';
import { formatAmount, type Units } from '../../shared/money.ts';

// How an invoice line reads in the buyer's language ("VPS Small (Monthly), pro rata 2026-12-04 to
// 2026-12-31 (28/31 days)"; "VPS Small (Monatlich), anteilig 04.12.2026 bis 31.12.2026 (28/31
// Tage)"). Written when an order, a package change or a fee is priced, and stored with the invoice
// as written, so a document never changes its words later. Staff's own names (packages, prices,
// options) are kept as typed. Pure.
// NOTE: every span is given as the rules hold it, its end the day after its last (2027-01-01 for
// December), and is written as people read a period: first and last day, both included, as the
// service page shows it. The day count was always that of the days written.

export interface LineWords {
  language: UiLanguage;
  label(pkg: string, price: string, customPrice: boolean): string;
  setupFee(what: string): string;
  proRata(what: string, from: CalendarDate, to: CalendarDate, days: number, daysInTerm: number): string;
  /** `to` is the day after the last (the next period's start), as every span here. */
  period(what: string, from: CalendarDate, to: CalendarDate): string;
  /** A coupon's line; `percent` as people write it ("15.5") or a fixed amount in `currency`. */
  coupon(code: string, off: { percent: string } | { amount: Units; currency: string }, of?: string): string;
  withOptions(what: string, options: readonly string[]): string;
  /** A line for several units: "2 × VPS Small (Monthly), …". */
  times(count: number, what: string): string;
  unused(what: string, from: CalendarDate, to: CalendarDate, days: number, daysInTerm: number): string;
  changedTo(what: string, from: CalendarDate, to: CalendarDate, days: number, daysInTerm: number): string;
  freeFrom(what: string, from: CalendarDate): string;
  unusedAddon(pkg: string, id: number, from: CalendarDate, to: CalendarDate, days: number, daysInTerm: number): string;
  cancellationFee(serviceId: number): string;
}

function make(language: UiLanguage): LineWords {
  const t = translator(language);
  const d = (day: CalendarDate) => formatDateIn(language, day);
  /** The last day of a span that ends before `end`. */
  const last = (end: CalendarDate) => d(addDays(end, -1));
  const span = (key: string, what: string, from: CalendarDate, to: CalendarDate, days: number, daysInTerm: number) =>
    t(`documents:line.${key}`, { what, from: d(from), to: last(to), days, daysInTerm });
  return {
    language,
    label: (pkg, price, customPrice) => t(customPrice ? 'documents:line.labelCustom' : 'documents:line.label', { pkg, price }),
    setupFee: (what) => t('documents:line.setupFee', { what }),
    proRata: (what, from, to, days, daysInTerm) => span('proRata', what, from, to, days, daysInTerm),
    period: (what, from, to) =>
      addDays(from, 1) === to
        ? t('documents:line.periodDay', { what, day: d(from) })
        : t('documents:line.period', { what, from: d(from), to: last(to) }),
    coupon(code, off, of) {
      // English keeps the product's own style ("10%", "5.00 USD"); others their own ("10 %", "5,00 USD").
      const amount =
        'percent' in off
          ? language === 'en'
            ? `${off.percent}%`
            : `${new Intl.NumberFormat('de-DE', { maximumFractionDigits: 4 }).format(off.percent as Intl.StringNumericLiteral)} %`
          : language === 'en'
            ? `${formatAmount(off.amount)} ${off.currency}`
            : formatMoneyIn(language, off.amount, off.currency);
      return of ? t('documents:line.couponOf', { code, off: amount, what: of }) : t('documents:line.coupon', { code, off: amount });
    },
    times: (count, what) => t('documents:line.times', { count, what }),
    withOptions: (what, options) => (options.length ? t('documents:line.withOptions', { what, options: options.join(', ') }) : what),
    unused: (what, from, to, days, daysInTerm) => span('unused', what, from, to, days, daysInTerm),
    changedTo: (what, from, to, days, daysInTerm) => span('changedTo', what, from, to, days, daysInTerm),
    freeFrom: (what, from) => t('documents:line.freeFrom', { what, from: d(from) }),
    unusedAddon: (pkg, id, from, to, days, daysInTerm) =>
      t('documents:line.unusedAddon', { pkg, id, from: d(from), to: last(to), days, daysInTerm }),
    cancellationFee: (id) => t('documents:line.cancellationFee', { id }),
  };
}

const made = new Map<UiLanguage, LineWords>();

/** The words of invoice lines in `language` (English unless told). */
export function lineWords(language: UiLanguage = 'en'): LineWords {
  let w = made.get(language);
  if (!w) made.set(language, (w = make(language)));
  return w;
}
