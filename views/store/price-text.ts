import type { Period } from '../../src/modules/catalog/rules/constants.ts';
import type { PriceChoice } from '../../src/modules/pricing/rules/store-prices.ts';
import { t } from '../../src/i18n/locale.ts';
import { money } from '../components/money.ts';

type Currency = { code: string; minorUnits: number };

/** A billing term in the page's language: "month", "3 months" ("Monat", "3 Monate"). */
export function termText(intervalCount: number | null, period: Period | null): string {
  if (!period) return '';
  return t(`store:term.${period}`, { count: intervalCount && intervalCount > 1 ? intervalCount : 1 });
}

/** The term of the price named `name` when it recurs ("month"), for what is charged with it each term. */
export function chosenTerm(prices: readonly PriceChoice[], name: string): string | undefined {
  const p = prices.find((x) => x.name === name);
  return p?.type === 'recurring' ? termText(p.intervalCount, p.period) : undefined;
}

/** "12.00 USD / month", "1,499.00 USD once", "Free". */
export function priceText(p: PriceChoice, c: Currency): string {
  if (p.type === 'free') return t('store:price.free');
  const amount = money(p.amount, c.code, c.minorUnits);
  return p.type === 'onetime'
    ? t('store:price.once', { amount })
    : t('store:price.recurring', { amount, term: termText(p.intervalCount, p.period) });
}

/** What else the option costs: the setup fee and a different renewal price. */
export function priceExtras(p: PriceChoice, c: Currency): string {
  const extras: string[] = [];
  if (p.type !== 'free' && !/^0+\.0+$/.test(p.setupFee))
    extras.push(t('store:price.setup', { amount: money(p.setupFee, c.code, c.minorUnits) }));
  if (p.type === 'recurring' && p.renewalAmount !== null && p.renewalAmount !== p.amount)
    extras.push(t('store:price.renewsAt', { amount: money(p.renewalAmount, c.code, c.minorUnits) }));
  return extras.join(', ');
}

/** A price's words followed by what else it costs: "3.00 USD / month + 1.00 USD setup". */
export function withExtras(text: string, p: PriceChoice, c: Currency): string {
  const extras = priceExtras(p, c);
  if (!extras) return text;
  return `${text}${extras.startsWith('+') ? ' ' : ', '}${extras}`;
}

/** A store card's "from" line. */
export function fromText(p: PriceChoice | null, c: Currency): string {
  if (!p) return t('store:price.notAvailable', { currency: c.code });
  if (p.type === 'free') return t('store:price.free');
  const amount = money(p.amount, c.code, c.minorUnits);
  return p.type === 'onetime'
    ? t('store:price.fromOnce', { amount })
    : t('store:price.fromRecurring', { amount, term: termText(p.intervalCount, p.period) });
}

/** "Monthly: 12.00 USD / month": a pricing option as a choice's label. */
export function choiceText(name: string, p: PriceChoice, c: Currency): string {
  const price = priceText(p, c);
  // A free price named as its price reads ("Free"), said once rather than "Free: Free".
  if (name.trim().toLocaleLowerCase() === price.toLocaleLowerCase()) return name;
  return t('store:price.choice', { name, price });
}
