import type { EntityManager } from '@mikro-orm/postgresql';
import { billAgain } from './bill-again.ts';
import { db } from '../../db/database.ts';

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
  const open = await db(tx)
    .selectFrom('invoice as i')
    .select('i.id')
    .where('i.status', '=', 'unpaid')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('invoice_line as l')
          .innerJoin('service as s', 's.id', 'l.service_id')
          .select('l.id')
          .whereRef('l.invoice_id', '=', 'i.id')
          .where('l.kind', '=', 'renewal')
          .where('l.service_id', '=', serviceId)
          .whereRef('l.period_start', '>=', 's.next_due_date'),
      ),
    )
    .orderBy('i.id')
    .forUpdate('i')
    .skipLocked()
    .execute();
  const voided: number[] = [];
  for (const { id } of open) {
    if (await billAgain(tx, id, 'billed again after a package change', now)) voided.push(id);
  }
  return voided;
}
