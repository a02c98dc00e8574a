import type { PriceChoice } from '../../src/modules/pricing/rules/store-prices.ts';
import { termLabel } from '../../src/modules/pricing/rules/store-prices.ts';
import { money } from '../components/money.ts';

type Currency = { code: string; minorUnits: number };

/** "12.00 USD / month", "1,499.00 USD once", "Free". */
export function priceText(p: PriceChoice, c: Currency): string {
  if (p.type === 'free') return 'Free';
  const amount = money(p.amount, c.code, c.minorUnits);
  return p.type === 'onetime' ? `${amount} once` : `${amount} / ${termLabel(p.intervalCount, p.period)}`;
}

/** What else the option costs: the setup fee and a different renewal price. */
export function priceExtras(p: PriceChoice, c: Currency): string {
  const extras: string[] = [];
  if (p.type !== 'free' && !/^0+\.0+$/.test(p.setupFee)) extras.push(`+ ${money(p.setupFee, c.code, c.minorUnits)} setup`);
  if (p.type === 'recurring' && p.renewalAmount !== null && p.renewalAmount !== p.amount) extras.push(`renews at ${money(p.renewalAmount, c.code, c.minorUnits)}`);
  return extras.join(', ');
}

/** A store card's "from" line. */
export function fromText(p: PriceChoice | null, c: Currency): string {
  if (!p) return `Not available in ${c.code}`;
  if (p.type === 'free') return 'Free';
  const amount = money(p.amount, c.code, c.minorUnits);
  return p.type === 'onetime' ? `from ${amount} one-time` : `from ${amount}/${termLabel(p.intervalCount, p.period)}`;
}
