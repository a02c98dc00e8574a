import type { EntityManager } from '@mikro-orm/postgresql';
import { ENDED_STATUSES, sqlList } from './rules/lifecycle.ts';

/**
 * Voids the given unpaid renewal invoices whose every renewal line bills a service that has
 * ended (terminated or cancelled) or a period from its cancellation date on, so paying one later
 * can neither take money for nothing nor revive anything; credit spent on one goes back to the
 * client's balance. An invoice that still bills a live period stays. Call it with invoices
 * `lockForEnding` locked, after the services changed, in the same transaction. Returns how many
 * it voided.
 */
export async function voidEndedRenewals(tx: EntityManager, invoiceIds: readonly number[], now: Date): Promise<number> {
  if (!invoiceIds.length) return 0;
  const rows = await tx.getConnection().execute<{ id: number }[]>(
    `with voided as (
       update invoice i set status = 'void' where i.id = any(?::int[]) and i.status = 'unpaid'
          and exists (select 1 from invoice_line l where l.invoice_id = i.id and l.kind = 'renewal')
          and not exists (select 1 from invoice_line l join service s on s.id = l.service_id
                           where l.invoice_id = i.id and l.kind = 'renewal' and s.status not in (${sqlList(ENDED_STATUSES)})
                             and (s.cancel_at is null or l.period_start < s.cancel_at))
       returning i.id, i.client_id, i.credit_applied, i.currency),
     returned as (
       update client c set credit_balance = c.credit_balance + r.amount
         from (select client_id, sum(credit_applied) as amount from voided where credit_applied > 0 group by client_id) r
        where c.id = r.client_id),
     entries as (
       insert into credit_entry (client_id, amount, currency, reason, invoice_id, created_at)
       select client_id, credit_applied, currency, 'Returned from void invoice #' || id || ': its services ended.', id, ? from voided where credit_applied > 0)
     select id from voided`,
    [`{${invoiceIds.join(',')}}`, now],
    'all',
    tx.getTransactionContext(),
  );
  return rows.length;
}
