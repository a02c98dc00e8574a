import { Hono } from 'hono';
import { listOrders } from '../../modules/orders/list-orders.ts';
import { placeOrder } from '../../modules/checkout/place-order.ts';
import { quoteForRequest } from '../../modules/orders/quote-for-request.ts';
import { loadInvoice } from '../../modules/invoicing/load-invoice.ts';
import { markInvoicePaid } from '../../modules/invoicing/mark-invoice-paid.ts';
import { changeServiceStatus } from '../../modules/services/change-service-status.ts';
import { listServices } from '../../modules/services/list-services.ts';
import { loadService } from '../../modules/services/load-service.ts';
import { retryProvisioning } from '../../modules/provisioning/retry-provisioning.ts';
import { voidUnpaidInvoice } from '../../modules/scaling/void-unpaid-invoice.ts';
import { Conflict, NotFound } from '../../modules/shared/errors.ts';
import type { Env } from '../types.ts';
import { jsonBody, pathId } from './json.ts';

// Orders, quotes, invoices and services for staff integrations.

export const orderApi = new Hono<Env>()
  .post('/quotes', async (c) => c.json({ data: await quoteForRequest(c.var.em, await jsonBody(c), c.var.now) }))
  .get('/orders', async (c) => {
    const r = await listOrders(c.var.em, c.req.query());
    return c.json({ data: r.items, meta: { total: r.total, page: r.page, perPage: r.perPage, pages: r.pages, totals: r.totals } });
  })
  .post('/orders', async (c) => {
    const { order, invoice, quote } = await placeOrder(c.var.em, await jsonBody(c), c.var.now);
    return c.json({ data: { orderId: order.id, invoiceId: invoice.id, expiresAt: order.expiresAt.toISOString(), quote, invoice } }, 201);
  })
  .get('/orders/:id', async (c) => {
    const id = pathId(c.req.param('id'));
    const [order] = (await listOrders(c.var.em, {}, { id })).items;
    if (!order) throw new NotFound('That order');
    return c.json({ data: order });
  })
  .post('/invoices/:id/mark-paid', async (c) => {
    const id = pathId(c.req.param('id'));
    const body = c.req.header('content-type')?.includes('json') ? await jsonBody(c) : {};
    const result = await markInvoicePaid(c.var.em, id, body, c.var.now);
    return c.json({ data: { result, invoice: await loadInvoice(c.var.em.fork(), id) } });
  })
  // NOTE: a void that does not apply (the invoice paid meanwhile) is a 409 an integrator can act on, not a silent success.
  .post('/invoices/:id/void', async (c) => {
    const id = pathId(c.req.param('id'));
    const result = await voidUnpaidInvoice(c.var.em, id, `Voided by api:${c.var.staff!.email}`, c.var.now);
    if (result === 'not-unpaid') throw new Conflict('Only an unpaid invoice can be voided.');
    return c.json({ data: { result, invoice: await loadInvoice(c.var.em.fork(), id) } });
  })
  .get('/services', async (c) =>
    c.json(
      await listServices(c.var.em, c.req.query()).then((r) => ({
        data: r.items,
        meta: { total: r.total, page: r.query.page, pages: r.pages },
      })),
    ),
  )
  .get('/services/:id', async (c) => c.json({ data: await loadService(c.var.em, pathId(c.req.param('id'))) }))
  .post('/services/:id/:action{suspend|unsuspend|terminate|retry}', async (c) => {
    const id = pathId(c.req.param('id'));
    const action = c.req.param('action') as 'suspend' | 'unsuspend' | 'terminate' | 'retry';
    const actor = `api:${c.var.staff!.email}`;
    if (action === 'retry') await retryProvisioning(c.var.em, id, actor, c.var.now);
    else await changeServiceStatus(c.var.em, id, action, actor, c.var.deps.config.APP_SECRET, c.var.now);
    return c.json({ data: await loadService(c.var.em.fork(), id) });
  });
