import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { CREDIT_NOTE_TAX } from './credit-note-tax.ts';
import type { DateRange } from './rules/report-period.ts';

export type TaxRow = {
  currency: string;
  /** The buyer's country as copied onto the invoice when issued (else the client's now); '' when unknown. */
  country: string;
  /** The rate charged, as stored ("19.0000"). */
  rate: string;
  /** The country's tax name today, or "Reverse charge". */
  name: string;
  reverseCharge: boolean;
  net: string;
  tax: string;
  invoices: number;
  creditNotes: number;
};
export type TaxReport = {
  range: DateRange;
  rows: TaxRow[];
  totals: { currency: string; net: string; tax: string; invoices: number; creditNotes: number }[];
};

/**
 * Tax by buyer country and rate for a period, per currency, for a VAT return: issued invoices
 * (unpaid or paid; not drafts, not void ones) dated in the period, their net subtotal and tax;
 * less credit notes issued in the period, each split into net and tax in its invoice's proportion.
 * One statement; sums stay numeric and reach us as strings.
 */
export async function reportTax(em: EntityManager, range: DateRange): Promise<TaxReport> {
  const { rows } = await sql<{
    currency: string;
    country: string;
    rate: string;
    reverse_charge: boolean;
    name: string;
    net: string;
    tax: string;
    invoices: number;
    credit_notes: number;
  }>`
    with docs as (
      select i.currency, coalesce(nullif(i.buyer->>'country', ''), c.country, '') as country, coalesce(i.tax_rate, 0) as rate, i.reverse_charge,
             i.subtotal as net, i.tax, 1 as invoices, 0 as credit_notes
        from invoice i join client c on c.id = i.client_id
       where i.status in ('unpaid', 'paid')
         and i.created_at >= ${range.from}::timestamp at time zone 'UTC' and i.created_at < (${range.to}::date + 1)::timestamp at time zone 'UTC'
      union all
      select n.currency, coalesce(nullif(i.buyer->>'country', ''), c.country, ''), coalesce(i.tax_rate, 0), i.reverse_charge,
             -(n.amount - t.share), -t.share, 0, 1
        from credit_note n
        join invoice i on i.id = n.invoice_id
        join client c on c.id = i.client_id
        cross join lateral (select ${CREDIT_NOTE_TAX} as share) t
       where n.issued_at >= ${range.from}::timestamp at time zone 'UTC' and n.issued_at < (${range.to}::date + 1)::timestamp at time zone 'UTC'
    )
    select d.currency, d.country, d.rate::numeric(7,4)::text as rate, d.reverse_charge,
           case when d.reverse_charge then 'Reverse charge' else coalesce(min(r.name), '') end as name,
           sum(d.net)::numeric(19,4)::text as net, sum(d.tax)::numeric(19,4)::text as tax,
           sum(d.invoices)::int as invoices, sum(d.credit_notes)::int as credit_notes
      from docs d left join tax_rate r on r.country = d.country
     group by d.currency, d.country, d.rate, d.reverse_charge
     order by d.currency, d.country, d.rate desc, d.reverse_charge`.execute(db(em));
  const out: TaxRow[] = rows.map((r) => ({
    currency: r.currency,
    country: r.country,
    rate: r.rate,
    name: r.name,
    reverseCharge: r.reverse_charge,
    net: r.net,
    tax: r.tax,
    invoices: r.invoices,
    creditNotes: r.credit_notes,
  }));
  const totals = new Map<string, { net: bigint; tax: bigint; invoices: number; creditNotes: number }>();
  for (const r of out) {
    const t = totals.get(r.currency) ?? { net: 0n, tax: 0n, invoices: 0, creditNotes: 0 };
    t.net += fromDecimalString(r.net);
    t.tax += fromDecimalString(r.tax);
    t.invoices += r.invoices;
    t.creditNotes += r.creditNotes;
    totals.set(r.currency, t);
  }
  return {
    range,
    rows: out,
    totals: [...totals]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ({
        currency,
        net: toDecimalString(t.net),
        tax: toDecimalString(t.tax),
        invoices: t.invoices,
        creditNotes: t.creditNotes,
      })),
  };
}
