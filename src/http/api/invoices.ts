import { Hono } from 'hono';
import { describeInvoice } from '../../modules/invoicing/describe-invoice.ts';
import { listInvoices } from '../../modules/invoicing/list-invoices.ts';
import { refundInvoice } from '../../modules/invoicing/refund-invoice.ts';
import { renderInvoicePdf } from '../../modules/invoicing/render-invoice-pdf.ts';
import { resendInvoice } from '../../modules/invoicing/resend-invoice.ts';
import { pdfResponse } from '../pdf-response.ts';
import { retryPendingRefund } from '../../modules/invoicing/retry-pending-refund.ts';
import type { Env } from '../types.ts';
import { jsonBody, pathId } from './json.ts';

export const invoiceApi = new Hono<Env>()
  .get('/', async (c) => {
    const r = await listInvoices(c.var.em, c.req.query(), c.var.now);
    return c.json({ data: r.items, meta: { total: r.total, page: r.page, perPage: r.perPage, pages: r.pages, totals: r.totals } });
  })
  .get('/:id', async (c) => c.json({ data: await describeInvoice(c.var.em, pathId(c.req.param('id'))) }))
  .get('/:id/pdf', async (c) => pdfResponse(c, await renderInvoicePdf(c.var.em, pathId(c.req.param('id')))))
  .post('/:id/resend', async (c) =>
    c.json({ data: await resendInvoice(c.var.em, pathId(c.req.param('id')), { publicUrl: c.var.deps.config.PUBLIC_URL }) }, 202),
  )
  .post('/:id/refunds', async (c) => {
    const id = pathId(c.req.param('id'));
    const staff = c.var.staff!;
    const refund = await refundInvoice(c.var.em, id, await jsonBody(c), { staffId: staff.id, actor: `api:${staff.email}`, now: c.var.now });
    return c.json({ data: { ...refund, invoice: await describeInvoice(c.var.em.fork(), id) } }, 201);
  })
  .post('/:id/refunds/:refundId/retry', async (c) => {
    const id = pathId(c.req.param('id'));
    const refund = await retryPendingRefund(c.var.em, id, pathId(c.req.param('refundId')), `api:${c.var.staff!.email}`, c.var.now);
    return c.json({ data: { ...refund, invoice: await describeInvoice(c.var.em.fork(), id) } });
  });
