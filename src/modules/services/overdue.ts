import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { CalendarDate } from '../shared/dates.ts';

/**
 * Whether the unpaid invoice `alias` counts as overdue by `dueBy`: its due date is on or before
 * it, and so is the day its periods were first invoiced (the as-of day of the billing run that
 * first issued them). The days before suspension and termination count from the later of the two.
 * NOTE: a renewal keeps its period's start as due date even when issued late (a scheduler that
 * stopped and caught up), so its client reads the dates of the periods it pays for; counting from
 * the due date alone would suspend such a client the hour the invoice appeared. A period billed
 * again (a shared invoice re-issued without an ended service) keeps its first invoice's clock, so
 * voiding and re-issuing never gives a client more days.
 */
export function overdueBy(alias: 'i' | 'oi', dueBy: CalendarDate): RawBuilder<SqlBool> {
  const invoice = sql.table(alias);
  return sql<SqlBool>`(${invoice}.due_date <= ${dueBy} and (
    not exists (select 1 from billing_run r where r.id = ${invoice}.billing_run_id and r.as_of > ${dueBy})
    or exists (
      select 1 from invoice_line l
        join invoice_line first_l on first_l.service_id = l.service_id and first_l.period_start = l.period_start and first_l.kind = 'renewal'
        join invoice first_i on first_i.id = first_l.invoice_id
        join billing_run first_r on first_r.id = first_i.billing_run_id
       where l.invoice_id = ${invoice}.id and l.kind = 'renewal' and first_r.as_of <= ${dueBy})))`;
}
