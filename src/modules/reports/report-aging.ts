import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { AGE_BUCKETS, type AgeBucket } from './rules/report-aging.ts';

export type AgingRow = { currency: string; bucket: AgeBucket; clientId: number; clientName: string; invoices: number; due: string };
export type AgingReport = {
  asOf: string;
  currency: string | null;
  rows: AgingRow[];
  totals: { currency: string; bucket: AgeBucket; due: string }[];
};

/**
 * Outstanding balances by age: unpaid invoices past their due date, what is left to pay on each
 * (total less account credit applied, as the invoice list and the admin home count it), summed per
 * currency, age bucket and client in one statement. Sums stay numeric in SQL and reach us as strings.
 */
export async function reportAging(em: EntityManager, now: Date, currency: string | null): Promise<AgingReport> {
  const asOf = now.toISOString().slice(0, 10);
  const { rows } = await sql<{
    currency: string;
    bucket: AgeBucket;
    client_id: number;
    client_name: string;
    invoices: number;
    due: string;
  }>`
    with aged as (
      select i.currency, i.client_id, greatest(i.total - i.credit_applied, 0) as due,
             case when ${asOf}::date - i.due_date <= 30 then '0-30'
                  when ${asOf}::date - i.due_date <= 60 then '31-60'
                  when ${asOf}::date - i.due_date <= 90 then '61-90' else '90+' end as bucket
        from invoice i
       where i.status = 'unpaid' and i.due_date < ${asOf}::date
         and (${currency}::text is null or i.currency = ${currency}::text)
    )
    select a.currency, a.bucket, a.client_id, c.name as client_name, count(*)::int as invoices, sum(a.due)::numeric(19,4)::text as due
      from aged a join client c on c.id = a.client_id
     group by a.currency, a.bucket, a.client_id, c.name
     order by a.currency, a.bucket, sum(a.due) desc, a.client_id`.execute(db(em));
  const order = (b: AgeBucket) => AGE_BUCKETS.indexOf(b);
  const out: AgingRow[] = rows
    .map((r) => ({
      currency: r.currency,
      bucket: r.bucket,
      clientId: r.client_id,
      clientName: r.client_name,
      invoices: r.invoices,
      due: r.due,
    }))
    .sort((a, b) => a.currency.localeCompare(b.currency) || order(a.bucket) - order(b.bucket));
  const { rows: totals } = await sql<{ currency: string; bucket: AgeBucket; due: string }>`
    select currency,
           case when ${asOf}::date - due_date <= 30 then '0-30' when ${asOf}::date - due_date <= 60 then '31-60'
                when ${asOf}::date - due_date <= 90 then '61-90' else '90+' end as bucket,
           sum(greatest(total - credit_applied, 0))::numeric(19,4)::text as due
      from invoice
     where status = 'unpaid' and due_date < ${asOf}::date and (${currency}::text is null or currency = ${currency}::text)
     group by 1, 2`.execute(db(em));
  return {
    asOf,
    currency,
    rows: out,
    totals: totals.sort((a, b) => a.currency.localeCompare(b.currency) || order(a.bucket) - order(b.bucket)),
  };
}
