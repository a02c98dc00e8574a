import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { PaymentDisputed } from '../payments/payment-disputed.ts';
import { serviceActionKey } from './rules/lifecycle.ts';
import { transitionServices } from './transition-services.ts';

/**
 * A chargeback on an invoice's payment: its services are suspended while the bank holds the
 * money (when the gateway's setting says so), and come back when the dispute is won. A lost
 * dispute leaves them to staff. Only a 'dispute' suspension lifts itself: one staff made stays.
 */
export async function suspendDisputedServices(tx: EntityManager, e: PaymentDisputed): Promise<void> {
  if (e.outcome === 'lost' || (e.outcome === 'opened' && !e.suspend)) return;
  const ids = await servicesPaidBy(tx, e.invoiceId);
  if (!ids.length) return;
  if (e.outcome === 'opened') {
    await transitionServices(
      tx,
      ids.map((id) => ({
        serviceId: id,
        note: `Suspended: the payment of invoice #${e.invoiceId} is disputed.`,
        key: serviceActionKey(id, 'suspend', `dispute-${e.disputeId}`),
      })),
      { from: ['active'], to: 'suspended', suspendReason: 'dispute', verb: 'suspend' },
      e.now,
    );
    return;
  }
  await transitionServices(
    tx,
    ids.map((id) => ({
      serviceId: id,
      note: `Unsuspended: the dispute on invoice #${e.invoiceId} was won.`,
      key: serviceActionKey(id, 'unsuspend', `dispute-${e.disputeId}`),
    })),
    { from: ['suspended'], to: 'active', suspendReason: null, verb: 'unsuspend', where: (eb) => eb('s.suspend_reason', '=', 'dispute') },
    e.now,
  );
}

/** What an invoice paid for: the services on its lines (renewals), or those its order created. */
async function servicesPaidBy(tx: EntityManager, invoiceId: number): Promise<number[]> {
  const q = db(tx);
  const rows = await q
    .selectFrom('invoice_line')
    .select('service_id as id')
    .where('invoice_id', '=', invoiceId)
    .where('service_id', 'is not', null)
    .union(
      q
        .selectFrom('service as s')
        .innerJoin('order_line as ol', 'ol.id', 's.order_line_id')
        .innerJoin('invoice as i', 'i.order_id', 'ol.order_id')
        .select('s.id')
        .where('i.id', '=', invoiceId),
    )
    .execute();
  return [...new Set(rows.map((r) => r.id!))].sort((a, b) => a - b);
}
