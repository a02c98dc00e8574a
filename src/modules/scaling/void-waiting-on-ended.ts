import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { changeInvoicesOf } from '../services/lock-for-ending.ts';
import { ENDED_STATUSES } from '../services/rules/lifecycle.ts';
import { voidUnpaidInvoiceIn } from './void-unpaid-invoice.ts';

/**
 * Services have ended (inside the transaction that ended them): the unpaid invoices that would
 * buy something for them go too, so the client cannot pay for what can no longer be had. Those
 * are an order of add-ons for them (every line an add-on of an ended service: paying it would make
 * add-ons of nothing) and a package change awaiting payment (paying it would change a service that
 * is gone). Each is voided as staff would void it: the order cancelled, its units and coupon use
 * returned, the change cancelled, applied credit given back. Returns how many were voided.
 * NOTE: lockForEnding locked these invoices first, with the renewals, so a payment racing the
 * ending waits for it (and then finds the invoice void) or went first (and is not found here).
 */
export async function voidWaitingOnEnded(tx: EntityManager, serviceIds: readonly number[], now: Date): Promise<number> {
  if (!serviceIds.length) return 0;
  const q = db(tx);
  // Only those that did end: a caller names what it may have ended (a sweep, a transition refused for some).
  const ids = (
    await q
      .selectFrom('service')
      .select('id')
      .where('id', 'in', [...serviceIds])
      .where('status', 'in', ENDED_STATUSES)
      .execute()
  ).map((s) => s.id);
  if (!ids.length) return 0;
  const rows = await q
    .selectFrom('invoice as i')
    .select('i.id')
    .where('i.status', '=', 'unpaid')
    .where((eb) =>
      eb.or([
        eb.and([
          eb.exists(
            eb
              .selectFrom('order_line as ol')
              .select('ol.id')
              .whereRef('ol.order_id', '=', 'i.order_id')
              .where('ol.parent_service_id', 'in', ids),
          ),
          eb.not(
            eb.exists(
              eb
                .selectFrom('order_line as ol')
                .select('ol.id')
                .whereRef('ol.order_id', '=', 'i.order_id')
                .where((w) => w.or([w('ol.parent_service_id', 'is', null), w('ol.parent_service_id', 'not in', ids)])),
            ),
          ),
        ]),
        eb('i.id', 'in', changeInvoicesOf(q, ids)),
      ]),
    )
    .orderBy('i.id')
    .execute();
  let voided = 0;
  for (const { id } of rows) if ((await voidUnpaidInvoiceIn(tx, id, 'its service ended before it was paid.', now)) === 'voided') voided++;
  return voided;
}
