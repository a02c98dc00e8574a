import type { EntityManager } from '@mikro-orm/postgresql';
import { billAgain } from './bill-again.ts';

/**
 * After a service moves to another price, renewal invoices already made for its periods from the
 * next due date on would bill the old price. They are billed again (`billAgain`: voided, applied
 * credit back, their unpaid periods out of the ledger) so the next run bills them at today's
 * prices: on a shared invoice, the other services' periods are billed again too, unchanged, on a
 * new shared invoice. Inside the caller's transaction.
 * NOTE: an invoice a payment holds right now (row locked) is skipped, not waited for: it is being
 * paid at the price the client saw, and waiting could deadlock with that payment.
 */
export async function reissueRenewals(tx: EntityManager, serviceId: number, now: Date): Promise<number[]> {
  const open = await tx.getConnection().execute<{ id: number }[]>(
    `select i.id from invoice i
      where i.status = 'unpaid' and exists (
        select 1 from invoice_line l join service s on s.id = l.service_id
         where l.invoice_id = i.id and l.kind = 'renewal' and l.service_id = ? and l.period_start >= s.next_due_date)
      order by i.id for update of i skip locked`,
    [serviceId],
    'all',
    tx.getTransactionContext(),
  );
  const voided: number[] = [];
  for (const { id } of open) {
    if (await billAgain(tx, id, 'billed again after a package change', now)) voided.push(id);
  }
  return voided;
}
