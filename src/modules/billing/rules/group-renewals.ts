import type { CalendarDate } from '../../shared/dates.ts';
import { fromDecimalString } from '../../shared/money.ts';
import { invoiceTotals, type Totals } from '../../pricing/rules/tax.ts';

// Turns the periods a batch billed into invoices. With grouping on, one invoice per client,
// due date and currency (a client's services renewing together are paid together); off, one per
// period and service, an add-on's period on its parent's invoice. Pure: the batch writes whatever this returns.

export interface BilledPeriod {
  serviceId: number;
  /** The service whose invoice this period goes on: an add-on's parent, else the service itself. */
  billedWith: number;
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
  /** A coupon's negative line for this period (DOMAIN.md "Coupons"); else the renewal itself. */
  kind?: 'discount';
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
    // NOTE: an add-on is always on its parent's invoice, grouping on or off (DOMAIN.md "Add-ons").
    const key = grouped ? `${p.clientId}|${p.periodStart}|${p.currency}` : `${p.billedWith}|${p.periodStart}`;
    const list = byKey.get(key);
    if (list) list.push(p);
    else byKey.set(key, [p]);
  }
  return [...byKey.values()].map((unsorted) => {
    // Each service's line, then its add-ons' lines right under it.
    const lines = [...unsorted].sort(
      (a, b) =>
        a.billedWith - b.billedWith ||
        Number(a.serviceId !== a.billedWith) - Number(b.serviceId !== b.billedWith) ||
        a.serviceId - b.serviceId,
    );
    const first = lines[0]!;
    const taxRate = lines.some((l) => l.taxable) ? first.taxRate : null;
    const totals = invoiceTotals(
      lines.map((l) => ({ amount: fromDecimalString(l.amount), taxable: l.taxable })),
      taxRate,
      first.minorUnits,
    );
    return { clientId: first.clientId, currency: first.currency, dueDate: first.periodStart, taxRate, lines, totals };
  });
}
