import type { EntityManager } from '@mikro-orm/postgresql';
import { billAgain } from './bill-again.ts';
import { ENDED_STATUSES } from '../services/rules/lifecycle.ts';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';

/** A renewal line (`l`) of a service (`s`) that will not be delivered: the service ended, or the period starts at its cancellation date or later. */
const ENDED_LINE = sql<boolean>`(s.status in (${sql.join(ENDED_STATUSES)}) or (s.cancel_at is not null and l.period_start >= s.cancel_at))`;

/**
 * Voids the given unpaid renewal invoices that bill a service that has ended (terminated or
 * cancelled) or a period from its cancellation date on, so paying one later can neither take
 * money for nothing nor revive anything; credit spent on one goes back to the client's balance.
 * An invoice billing only such periods is just voided. A shared invoice that also bills live
 * services is billed again (`billAgain`): the next run bills the live services' periods on a new
 * invoice, with the same due date, and not the ended ones. Call it with invoices `lockForEnding`
 * locked (with their clients and services), after the services changed, in the same transaction.
 * Returns how many it voided.
 * NOTE: the new invoice keeps the period start as its due date, so the overdue sweep counts
 * from the date the client always had: ending one service never gives the others more time.
 */
export async function voidEndedRenewals(tx: EntityManager, invoiceIds: readonly number[], now: Date): Promise<number> {
  if (!invoiceIds.length) return 0;
  const q = db(tx);
  const ids = [...invoiceIds];
  const shared = await q
    .selectFrom('invoice as i')
    .innerJoin('invoice_line as l', (j) => j.onRef('l.invoice_id', '=', 'i.id').on('l.kind', '=', 'renewal'))
    .innerJoin('service as s', 's.id', 'l.service_id')
    .select('i.id')
    .where('i.id', 'in', ids)
    .where('i.status', '=', 'unpaid')
    .groupBy('i.id')
    .having(sql<boolean>`bool_or(${ENDED_LINE}) and not bool_and(${ENDED_LINE})`)
    .orderBy('i.id')
    .execute();
  let voided = 0;
  for (const { id } of shared) {
    if (await billAgain(tx, id, 'a service on it ended; the others are billed again.', now)) voided++;
  }
  // NOTE: raw SQL: voiding, returning the credit and writing its ledger for every invoice is one
  // statement of data-modifying CTEs; moveCredit would take one round trip per invoice.
  const { rows } = await sql<{ id: number }>`
    with voided as (
       update invoice i set status = 'void' where i.id in (${sql.join(ids)}) and i.status = 'unpaid'
          and exists (select 1 from invoice_line l where l.invoice_id = i.id and l.kind = 'renewal')
          and not exists (select 1 from invoice_line l join service s on s.id = l.service_id
                           where l.invoice_id = i.id and l.kind = 'renewal' and not ${ENDED_LINE})
       returning i.id, i.client_id, i.credit_applied, i.currency),
     returned as (
       update client c set credit_balance = c.credit_balance + r.amount
         from (select client_id, sum(credit_applied) as amount from voided where credit_applied > 0 group by client_id) r
        where c.id = r.client_id),
     entries as (
       insert into credit_entry (client_id, amount, currency, reason, invoice_id, created_at)
       select client_id, credit_applied, currency, 'Returned from void invoice #' || id || ': its services ended.', id, ${now} from voided where credit_applied > 0)
     select id from voided`.execute(q);
  return voided + rows.length;
}
