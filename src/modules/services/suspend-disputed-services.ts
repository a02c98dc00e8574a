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
  const services = await db(tx).selectFrom('invoice_line').select('service_id').distinct().where('invoice_id', '=', e.invoiceId).where('service_id', 'is not', null).orderBy('service_id').execute();
  const ids = services.map((s) => s.service_id!);
  if (!ids.length) return;
  if (e.outcome === 'opened') {
    await transitionServices(tx, ids.map((id) => ({ serviceId: id, note: `Suspended: the payment of invoice #${e.invoiceId} is disputed.`, key: serviceActionKey(id, 'suspend', `dispute-${e.disputeId}`) })), { from: ['active'], to: 'suspended', suspendReason: 'dispute', verb: 'suspend' }, e.now);
    return;
  }
  await transitionServices(
    tx,
    ids.map((id) => ({ serviceId: id, note: `Unsuspended: the dispute on invoice #${e.invoiceId} was won.`, key: serviceActionKey(id, 'unsuspend', `dispute-${e.disputeId}`) })),
    { from: ['suspended'], to: 'active', suspendReason: null, verb: 'unsuspend', where: (eb) => eb('s.suspend_reason', '=', 'dispute') },
    e.now,
  );
}
