import type { ScalingResult } from '../../pricing/rules/scaling.ts';
import { invoiceTotals } from '../../pricing/rules/tax.ts';
import type { CalendarDate } from '../../shared/dates.ts';
import { roundToMinor, sum, toDecimalString, type Units } from '../../shared/money.ts';
import type { ChangePeriod } from './current-period.ts';
import { lineWords, type LineWords } from '../../pricing/rules/line-words.ts';

// The lines and totals of a package change: what the preview shows, the invoice holds and the
// credit note says. Pure.
//
// NOTE: a positive net is taxed like an invoice (tax on the rounded taxable subtotal, totals
// rounded to the currency's minor unit after totaling). A negative net is credited as is,
// rounded to the minor unit and untaxed. The outcome follows the ROUNDED total, so a net of
// 0.0030 neither raises an invoice of 0.00 nor credits nothing.

export const ChangeLineKind = {
  credit: 'upgrade-credit',
  charge: 'upgrade-charge',
  discount: 'discount',
  addonCredit: 'addon-credit',
} as const;
export type ChangeLineKind = (typeof ChangeLineKind)[keyof typeof ChangeLineKind];

export interface ChangeLine {
  kind: ChangeLineKind;
  description: string;
  /** 4 decimals: the credit is negative, the charge positive (or zero). */
  amount: string;
  taxable: boolean;
  /** The add-on an addon-credit line is for; the others are the service's own. */
  serviceId?: number;
}

export interface ChangeLinesInput {
  /** `options`: what the service has and what it takes, named on each side's line. */
  from: { packageName: string; priceName: string | null; options?: readonly string[] };
  to: { packageName: string; priceName: string; options?: readonly string[] };
  period: ChangePeriod;
  today: CalendarDate;
  result: ScalingResult;
  /** False when the service had nothing to credit (a free service starting its first paid term). */
  credits: boolean;
  taxable: boolean;
  /** The client's country rate, or null. */
  taxRate: string | null;
  minorUnits: number;
  /** Add-ons ending with the change: each credited for its unused days (a negative amount). */
  addonCredits?: readonly { serviceId: number; description: string; amount: Units }[];
  /** A coupon's discount on the charge (a negative amount), its own line under it, in the net before tax. */
  discount?: { description: string; amount: Units };
  /** The words of the lines, in the client's language (English when not given). */
  words?: LineWords;
}

export interface ChangeTotals {
  lines: ChangeLine[];
  /** The lines' sum, 4 decimals (the service's credit and charge, and its add-ons' credits). */
  net: Units;
  subtotal: Units;
  tax: Units;
  total: Units;
  /** The rate applied, or null when nothing was taxed. */
  taxRate: string | null;
  outcome: 'invoice' | 'credit' | 'none';
}

export function changeLines(input: ChangeLinesInput): ChangeTotals {
  const { result, period, today } = input;
  const w = input.words ?? lineWords();
  const label = (name: string, price: string | null, options?: readonly string[]) =>
    w.withOptions(price ? w.label(name, price, false) : name, options ?? []);
  const lines: { kind: ChangeLineKind; description: string; amount: Units; serviceId?: number }[] = [];
  if (input.credits) {
    lines.push({
      kind: ChangeLineKind.credit,
      description: w.unused(
        label(input.from.packageName, input.from.priceName, input.from.options),
        today,
        period.end,
        result.daysLeft,
        result.daysInPeriod,
      ),
      amount: result.credit,
    });
  }
  const to = label(input.to.packageName, input.to.priceName, input.to.options);
  lines.push({
    kind: ChangeLineKind.charge,
    description:
      result.daysInNewTerm === null ? w.freeFrom(to, today) : w.changedTo(to, today, period.end, result.daysLeft, result.daysInNewTerm),
    amount: result.charge,
  });
  if (input.discount) lines.push({ kind: ChangeLineKind.discount, description: input.discount.description, amount: input.discount.amount });
  for (const a of input.addonCredits ?? [])
    lines.push({ kind: ChangeLineKind.addonCredit, description: a.description, amount: a.amount, serviceId: a.serviceId });
  // The add-ons' credits (and a coupon's discount) count in the net like the service's own.
  const net = sum([result.net, ...(input.addonCredits ?? []).map((a) => a.amount), ...(input.discount ? [input.discount.amount] : [])]);
  const taxed = net > 0n && input.taxable;
  const totals = invoiceTotals(
    lines.map((l) => ({ amount: l.amount, taxable: taxed })),
    taxed ? input.taxRate : null,
    input.minorUnits,
  );
  const total = net > 0n ? totals.total : roundToMinor(net, input.minorUnits);
  return {
    lines: lines.map((l) => ({
      kind: l.kind,
      description: l.description.slice(0, 300),
      amount: toDecimalString(l.amount),
      taxable: taxed,
      ...(l.serviceId ? { serviceId: l.serviceId } : {}),
    })),
    net,
    subtotal: net > 0n ? totals.subtotal : total,
    tax: net > 0n ? totals.tax : 0n,
    total,
    taxRate: taxed ? input.taxRate : null,
    outcome: total > 0n ? 'invoice' : total < 0n ? 'credit' : 'none',
  };
}
