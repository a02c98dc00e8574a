import type { EntityManager } from '@mikro-orm/postgresql';
import type { Kysely } from 'kysely';
import { db, type Database } from '../../db/database.ts';

export interface OpenRenewal {
  invoiceId: number;
  dueDate: string;
  serviceId: number;
}

/** The invoices of package changes of `serviceIds` awaiting payment (a subquery): an ending voids them. */
export function changeInvoicesOf(q: Kysely<Database>, serviceIds: readonly number[]) {
  return q
    .selectFrom('service_change as c')
    .select('c.invoice_id')
    .where('c.service_id', 'in', [...serviceIds])
    .where('c.status', '=', 'awaiting_payment')
    .where('c.invoice_id', 'is not', null);
}

/**
 * Before services end (inside the caller's transaction): locks their unpaid renewal invoices
 * (and the unpaid invoices of their add-on orders and package changes, which an ending voids),
 * then the clients involved, then the services (these ones and every other one those invoices
 * bill, which a shared invoice billed again moves back), each in id order, and returns the
 * renewal lines still open.
 * NOTE: the order is the one payments take (invoice, then client, then services) and billing
 * batches take (client, then services), so ending services can never deadlock with either, and
 * nothing the caller changes afterwards takes a lock out of that order. A payment holding one of
 * these invoices is waited for, and the rows returned are as it left them: an invoice paid
 * meanwhile is no longer here.
 */
export async function lockForEnding(tx: EntityManager, serviceIds: readonly number[]): Promise<OpenRenewal[]> {
  if (!serviceIds.length) return [];
  const q = db(tx);
  const ids = [...serviceIds];
  // Every unpaid invoice an ending may void, in one statement in id order: the renewals', an order
  // of add-ons for these services, a package change of theirs (scaling/void-waiting-on-ended.ts).
  await q
    .selectFrom('invoice as i')
    .select('i.id')
    .where('i.status', '=', 'unpaid')
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('invoice_line as l')
            .select('l.id')
            .whereRef('l.invoice_id', '=', 'i.id')
            .where('l.service_id', 'in', ids)
            .where('l.kind', '=', 'renewal'),
        ),
        eb('i.order_id', 'in', eb.selectFrom('order_line as ol').select('ol.order_id').where('ol.parent_service_id', 'in', ids)),
        eb('i.id', 'in', changeInvoicesOf(q, ids)),
      ]),
    )
    .orderBy('i.id')
    .forUpdate('i')
    .execute();
  const rows = await q
    .selectFrom('invoice as i')
    .innerJoin('invoice_line as l', 'l.invoice_id', 'i.id')
    .select(['i.id as invoice_id', 'i.due_date', 'l.service_id'])
    .where('l.service_id', 'in', ids)
    .where('l.kind', '=', 'renewal')
    .where('i.status', '=', 'unpaid')
    .orderBy('i.id')
    .orderBy('l.service_id')
    .forUpdate('i')
    // NOTE: service_id is nullable in the table, never in these rows (filtered by `in`).
    .$narrowType<{ service_id: number }>()
    .execute();
  const invoiceIds = [...new Set(rows.map((r) => r.invoice_id))];
  await q
    .selectFrom('client as c')
    .select('c.id')
    .where('c.id', 'in', (eb) => {
      const ofServices = eb.selectFrom('service').select('client_id').where('id', 'in', ids);
      return invoiceIds.length ? ofServices.union(eb.selectFrom('invoice').select('client_id').where('id', 'in', invoiceIds)) : ofServices;
    })
    .orderBy('c.id')
    .forUpdate('c')
    .execute();
  await q
    .selectFrom('service as s')
    .select('s.id')
    .where((eb) =>
      eb.or([
        eb('s.id', 'in', ids),
        ...(invoiceIds.length
          ? [
              eb(
                's.id',
                'in',
                eb
                  .selectFrom('invoice_line as l')
                  .select('l.service_id')
                  .where('l.invoice_id', 'in', invoiceIds)
                  .where('l.kind', '=', 'renewal'),
              ),
            ]
          : []),
      ]),
    )
    .orderBy('s.id')
    .forUpdate('s')
    .execute();
  return rows.map((r) => ({ invoiceId: r.invoice_id, dueDate: r.due_date, serviceId: r.service_id }));
}
