import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { CREDIT_NOTE_TAX } from './credit-note-tax.ts';
import { monthAfter, type MonthRange } from './rules/report-period.ts';

/** What a row is: a package's lines, lines of no package, or refunds (credit notes). */
export type RevenueKind = 'package' | 'other' | 'refunds';
export type RevenueRow = {
  currency: string;
  month: string;
  kind: RevenueKind;
  packageId: number | null;
  label: string;
  lines: number;
  amount: string;
};
export type RevenueTotal = { currency: string; kind: RevenueKind; packageId: number | null; label: string; amount: string };
export type RevenueReport = {
  range: MonthRange;
  currency: string | null;
  rows: RevenueRow[];
  /** Per currency and package over the whole period. */
  totals: RevenueTotal[];
  /** Per currency, one sum per month of the range, for the chart. */
  byMonth: { currency: string; amounts: string[] }[];
  /** Per currency over the whole period. */
  grandTotals: { currency: string; amount: string }[];
};

export const OTHER_LABEL = 'Other';
export const REFUNDS_LABEL = 'Refunds (credit notes, net of tax)';

/**
 * Revenue received by month and package: the lines (before tax) of invoices paid in the month,
 * each under the package its line's service had when the invoice was paid (a later package
 * change does not move it), an order's lines under the package ordered, other lines as "Other"; less refunds,
 * each credit note's amount net of the tax share of its invoice, in the month it was issued.
 * One statement; sums stay numeric and reach us as strings.
 */
export async function reportRevenue(em: EntityManager, range: MonthRange, currency: string | null): Promise<RevenueReport> {
  const from = `${range.from}-01`;
  const until = monthAfter(range.to);
  const { rows } = await sql<{
    currency: string;
    month: string;
    kind: RevenueKind;
    package_id: number | null;
    label: string;
    lines: number;
    amount: string;
  }>`
    -- each applied package change: the package the service held from the change before it until this one
    with held as (
      select service_id, from_package_id, applied_at as until, lag(applied_at) over (partition by service_id order by applied_at) as since
        from service_change where status = 'applied' and applied_at is not null
    ),
    received as (
      select i.currency, (i.paid_at at time zone 'UTC') as at,
             case when p.id is null then 'other' else 'package' end as kind, p.id as package_id, coalesce(p.name, ${OTHER_LABEL}) as label, l.amount
        from invoice i
        join invoice_line l on l.invoice_id = i.id
        left join service s on s.id = l.service_id
        -- the package the service had when the invoice was paid: the one it left by its next package change, else its package now
        left join held on held.service_id = s.id and i.paid_at < held.until and (held.since is null or i.paid_at >= held.since)
        -- a line of a new order has no service yet: the package its order line was for
        left join package p on p.id = coalesce(held.from_package_id, s.package_id, l.package_id)
       where i.status = 'paid' and i.paid_at >= ${from}::timestamp at time zone 'UTC' and i.paid_at < ${until}::timestamp at time zone 'UTC'
         and (${currency}::text is null or i.currency = ${currency}::text)
      union all
      select n.currency, (n.issued_at at time zone 'UTC'), 'refunds', null, ${REFUNDS_LABEL},
             -(n.amount - ${CREDIT_NOTE_TAX})
        from credit_note n
        join invoice i on i.id = n.invoice_id
       where n.issued_at >= ${from}::timestamp at time zone 'UTC' and n.issued_at < ${until}::timestamp at time zone 'UTC'
         and (${currency}::text is null or n.currency = ${currency}::text)
    )
    select currency, to_char(at, 'YYYY-MM') as month, kind, package_id, label, count(*)::int as lines, sum(amount)::numeric(19,4)::text as amount
      from received
     group by 1, 2, 3, 4, 5
     order by currency, month, case kind when 'package' then 0 when 'other' then 1 else 2 end, sum(amount) desc, label`.execute(db(em));
  const out: RevenueRow[] = rows.map((r) => ({
    currency: r.currency,
    month: r.month,
    kind: r.kind,
    packageId: r.package_id,
    label: r.label,
    lines: r.lines,
    amount: r.amount,
  }));
  // Totals in exact units: per currency and package, per currency and month, per currency.
  const totals = new Map<string, RevenueTotal & { units: bigint }>();
  const months = new Map<string, bigint[]>();
  for (const r of out) {
    const units = fromDecimalString(r.amount);
    const key = `${r.currency}|${r.kind}|${r.packageId ?? ''}`;
    const t = totals.get(key) ?? { currency: r.currency, kind: r.kind, packageId: r.packageId, label: r.label, amount: '', units: 0n };
    t.units += units;
    totals.set(key, t);
    const list = months.get(r.currency) ?? range.months.map(() => 0n);
    list[range.months.indexOf(r.month)]! += units;
    months.set(r.currency, list);
  }
  const order = (k: RevenueKind) => (k === 'package' ? 0 : k === 'other' ? 1 : 2);
  const totalList = [...totals.values()]
    .sort(
      (a, b) =>
        a.currency.localeCompare(b.currency) ||
        order(a.kind) - order(b.kind) ||
        (b.units > a.units ? 1 : b.units < a.units ? -1 : 0) ||
        a.label.localeCompare(b.label),
    )
    .map(({ units, ...t }) => ({ ...t, amount: toDecimalString(units) }));
  const currencies = [...months.keys()].sort();
  return {
    range,
    currency,
    rows: out,
    totals: totalList,
    byMonth: currencies.map((c) => ({ currency: c, amounts: months.get(c)!.map(toDecimalString) })),
    grandTotals: currencies.map((c) => ({ currency: c, amount: toDecimalString(months.get(c)!.reduce((a, b) => a + b, 0n)) })),
  };
}
