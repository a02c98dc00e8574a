import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { loadInvoiceTags } from '../invoicing/load-invoice-tags.ts';
import { publicUrl } from '../notices/public-url.ts';
import { queueClientMessage } from '../notices/queue-client-message.ts';

/** Tells the client an order was cancelled for not being paid in time, in that transaction; once per order (its key). */
export async function queueOrderCancelled(tx: EntityManager, orderId: number): Promise<void> {
  const order = await db(tx)
    .selectFrom('client_order as o')
    .leftJoin('invoice as i', 'i.order_id', 'o.id')
    .select(['o.client_id', 'i.id as invoice_id'])
    .where('o.id', '=', orderId)
    .executeTakeFirst();
  if (!order) return;
  const invoice = order.invoice_id ? (await loadInvoiceTags(tx, [order.invoice_id], publicUrl())).get(order.invoice_id) : undefined;
  await queueClientMessage(tx, {
    event: 'order_cancelled',
    clientId: order.client_id,
    key: String(orderId),
    values: { ...invoice?.values, 'order.id': String(orderId) },
  });
}
