import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { lockForEnding } from './lock-for-ending.ts';
import { serviceActionKey } from './rules/lifecycle.ts';
import { announceServicesEnded } from './services-ended.ts';
import { liveAddonIds, transitionServices } from './transition-services.ts';

const LIVE = ['pending', 'active', 'suspended'] as const;

/**
 * Terminates the services a refunded invoice paid for (its order's, and those its lines bill),
 * as staff terminating them would: through the plugin (via the outbox; a pending service was
 * never created remotely, so nothing is called), add-ons with their parents, their open renewal
 * invoices voided or billed again without them. Inside the refund's transaction; returns the ids ended.
 * NOTE: lockForEnding takes the services' open invoices, clients and services in the order
 * payments take them; the refunded invoice is already locked and is paid, so it is not among them.
 */
export async function endRefundedServices(
  tx: EntityManager,
  invoiceId: number,
  orderId: number | null,
  actor: string,
  now: Date,
): Promise<number[]> {
  const q = db(tx);
  const rows = await q
    .selectFrom('service as s')
    .select('s.id')
    .where('s.status', 'in', LIVE)
    .where((eb) =>
      eb.or([
        eb(
          's.id',
          'in',
          eb
            .selectFrom('invoice_line')
            .select('service_id')
            .where('invoice_id', '=', invoiceId)
            .where('service_id', 'is not', null)
            .$narrowType<{ service_id: number }>(),
        ),
        ...(orderId === null
          ? []
          : [eb('s.order_line_id', 'in', eb.selectFrom('order_line').select('id').where('order_id', '=', orderId))]),
      ]),
    )
    .orderBy('s.id')
    .execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const addons = (await Promise.all(ids.map((id) => liveAddonIds(tx, id)))).flat();
  const open = await lockForEnding(tx, [...new Set([...ids, ...addons])]);
  const statuses = await q.selectFrom('service').select(['id', 'status']).where('id', 'in', ids).execute();
  const items = statuses.map((s) => ({
    serviceId: s.id,
    note: `Terminated: invoice #${invoiceId} was refunded.`,
    key: s.status === 'pending' ? undefined : serviceActionKey(s.id, 'terminate'),
  }));
  const ended = await transitionServices(tx, items, { from: LIVE, to: 'terminated', suspendReason: null, verb: 'terminate', actor }, now);
  await announceServicesEnded(tx, { invoiceIds: [...new Set(open.map((o) => o.invoiceId))], serviceIds: [...ids, ...addons] }, now);
  return ended;
}
