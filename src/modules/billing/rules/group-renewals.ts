import type { CalendarDate } from '../../shared/dates.ts';
import { fromDecimalString, type Units } from '../../shared/money.ts';
import { invoiceTotals, type Totals } from '../../pricing/rules/tax.ts';

// Turns the periods a batch billed into invoices. With grouping on, one invoice per client,
// due date and currency (a client's services renewing together are paid together); off, one per
// period. Pure: the batch writes whatever this returns.

export interface BilledPeriod {
  serviceId: number;
  clientId: number;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  /** 4-decimal string. */
  amount: string;
  currency: string;
  description: string;
  taxable: boolean;
  /** The client's country rate in percent, or null. */
  taxRate: string | null;
  minorUnits: number;
}

export interface RenewalInvoice {
  clientId: number;
  currency: string;
  dueDate: CalendarDate;
  /** The rate when any line is taxable, else null. */
  taxRate: string | null;
  lines: BilledPeriod[];
  totals: Totals;
}

export function groupRenewals(periods: readonly BilledPeriod[], grouped: boolean): RenewalInvoice[] {
  const byKey = new Map<string, BilledPeriod[]>();
  for (const p of periods) {
    const key = grouped ? `${p.clientId}|${p.periodStart}|${p.currency}` : `${p.serviceId}|${p.periodStart}`;
    const list = byKey.get(key);
    if (list) list.push(p);
    else byKey.set(key, [p]);
  }
  return [...byKey.values()].map((lines) => {
    const first = lines[0]!;
    const taxRate = lines.some((l) => l.taxable) ? first.taxRate : null;
    const totals = invoiceTotals(
      lines.map((l) => ({ amount: fromDecimalString(l.amount) as Units, taxable: l.taxable })),
      taxRate,
      first.minorUnits,
    );
    return { clientId: first.clientId, currency: first.currency, dueDate: first.periodStart, taxRate, lines, totals };
  });
}
