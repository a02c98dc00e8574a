import type { EntityManager } from '@mikro-orm/postgresql';
import { voidInvoiceIn } from '../invoicing/void-invoice.ts';

/**
 * After a service moves to another price, renewal invoices already made for its periods from the
 * next due date on would bill the old price. They are voided (applied credit goes back) and their
 * unpaid periods leave the ledger, with `billed_until` moved back, so the next run bills them
 * again at today's prices: on a shared invoice, the other services' periods are billed again
 * too, unchanged, on a new shared invoice. Inside the caller's transaction.
 * NOTE: an invoice a payment holds right now (row locked) is skipped, not waited for: it is being
 * paid at the price the client saw, and waiting could deadlock with that payment.
 */
export async function reissueRenewals(tx: EntityManager, serviceId: number, now: Date): Promise<number[]> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const open = await conn.execute<{ id: number }[]>(
    `select i.id from invoice i
      where i.status = 'unpaid' and exists (
        select 1 from invoice_line l join service s on s.id = l.service_id
         where l.invoice_id = i.id and l.kind = 'renewal' and l.service_id = ? and l.period_start >= s.next_due_date)
      order by i.id for update of i skip locked`,
    [serviceId],
    'all',
    ctx,
  );
  const voided: number[] = [];
  for (const { id } of open) {
    if (!(await voidInvoiceIn(tx, id, 'billed again after a package change', now))) continue;
    voided.push(id);
    await conn.execute(
      `with gone as (
         delete from service_period sp using invoice_line l
          where l.invoice_id = ? and l.kind = 'renewal' and sp.service_id = l.service_id and sp.period_start = l.period_start and sp.paid_at is null
          returning sp.service_id, sp.period_start)
       update service s set billed_until = g.first_start
         from (select service_id, min(period_start) as first_start from gone group by service_id) g
        where s.id = g.service_id and (s.billed_until is null or s.billed_until > g.first_start)`,
      [id],
      'run',
      ctx,
    );
  }
  return voided;
}
