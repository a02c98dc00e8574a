import { expireOrders } from '../src/modules/checkout/expire-orders.ts';
import { processorFor } from './run-job.ts';

export const inventoryProcessor = processorFor('inventory', {
  // The order's cancellation closes its outbox row itself (in the transaction that cancels it).
  expireOrder: async ({ orderId }, { ctx }) => ({ cancelled: await expireOrders(ctx.orm.em.fork(), new Date(), orderId) }),
  expireOrders: async (_payload, { ctx }) => ({ cancelled: await expireOrders(ctx.orm.em.fork(), new Date()) }),
});
